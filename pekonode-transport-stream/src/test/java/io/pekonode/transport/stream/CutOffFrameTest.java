package io.pekonode.transport.stream;

import static io.pekonode.transport.stream.testing.TestSupport.await;
import static io.pekonode.transport.stream.testing.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.transport.stream.testing.TestSupport.Closer;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A frame the sender never finishes is reported once as {@link RejectReason#TRUNCATED_FRAME}, whether
 * the connection ends with a FIN or a reset: an operator counting refused input must see both.
 */
class CutOffFrameTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final Closer toClose = new Closer();

    private void sendHalfAFrameAndClose(FramedStreamEndpoint to, boolean reset) throws Exception {
        try (Socket s = new Socket("127.0.0.1", to.localAddress().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 0, 0, 100, Frames.RELIABLE, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            out.flush();
            if (reset) {
                s.setSoLinger(true, 0); // close() then sends RST instead of FIN
            }
        }
    }

    @Test
    void aFrameCutOffByAClosedConnectionIsReportedOnce() throws Exception {
        RecordingListener in = new RecordingListener();
        FramedStreamEndpoint node = Endpoints.open(config(), in);
        toClose.add(node);
        sendHalfAFrameAndClose(node, false);
        await("the cut-off frame reported", WAIT, () -> in.rejected().size() == 1);
        assertEquals(RejectReason.TRUNCATED_FRAME, in.rejected().get(0).reason());
    }

    @Test
    void aFrameCutOffByAResetConnectionIsReportedOnce() throws Exception {
        RecordingListener in = new RecordingListener();
        FramedStreamEndpoint node = Endpoints.open(config(), in);
        toClose.add(node);
        for (int i = 0; i < 5; i++) {
            sendHalfAFrameAndClose(node, true);
        }
        await("every cut-off frame reported", WAIT, () -> in.rejected().size() >= 5);
        Thread.sleep(200); // no second report of any of them
        assertEquals(5, in.rejected().size(), "one report per connection: " + in.rejected());
        in.rejected().forEach(r -> assertEquals(RejectReason.TRUNCATED_FRAME, r.reason(), r.toString()));
    }
}

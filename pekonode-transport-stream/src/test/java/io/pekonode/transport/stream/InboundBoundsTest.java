package io.pekonode.transport.stream;

import static io.pekonode.transport.stream.Endpoints.addressOf;
import static io.pekonode.transport.stream.testing.TestSupport.await;
import static io.pekonode.transport.stream.testing.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.transport.stream.testing.TestSupport.Closer;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Hostile inbound connections (idle, byte-at-a-time, too many) are closed or displaced within the
 * configured bounds while a real peer's frames keep arriving and its own outbound connections keep
 * working.
 */
class InboundBoundsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration IO_TIMEOUT = Duration.ofMillis(600);

    @AutoClose
    private final Closer toClose = new Closer();

    private FramedStreamEndpoint start(TransportConfig config, RecordingListener listener) throws IOException {
        FramedStreamEndpoint endpoint = Endpoints.open(config, listener);
        toClose.add(endpoint);
        return endpoint;
    }

    private static TransportConfig bounded(int maxConnections) {
        return config(Duration.ofSeconds(2), IO_TIMEOUT, Duration.ofSeconds(30), maxConnections, 1 << 20, 1 << 20);
    }

    private Socket connect(FramedStreamEndpoint to) throws IOException {
        Socket s = new Socket("127.0.0.1", to.localAddress().getPort());
        s.setSoTimeout(5_000);
        toClose.add(s);
        return s;
    }

    private static boolean closedByPeer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void aConnectionThatNeverSendsAFrameIsClosedAfterIoTimeout() throws Exception {
        RecordingListener in = new RecordingListener();
        FramedStreamEndpoint node = start(bounded(16), in);
        long start = System.nanoTime();
        Socket silent = connect(node);
        assertTrue(closedByPeer(silent), "a silent connection is closed");
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(heldMillis >= IO_TIMEOUT.toMillis() - 50 && heldMillis < IO_TIMEOUT.toMillis() + 2_000,
                "held " + heldMillis + " ms, idle timeout is 30 s");
        await("reported", WAIT, () -> in.rejected(RejectReason.NO_FIRST_FRAME, "no frame within"));
        assertEquals(1, node.counters().timeouts());
    }

    @Test
    void aByteAtATimeWriterIsClosedAfterIoTimeoutThoughItNeverStops() throws Exception {
        RecordingListener in = new RecordingListener();
        FramedStreamEndpoint node = start(bounded(16), in);
        Socket trickle = connect(node);
        OutputStream out = trickle.getOutputStream();
        byte[] frame = {0, 0, 0, 100, Frames.PACKET};
        long start = System.nanoTime();
        boolean closed = false;
        // One byte every 50 ms of a 105-byte frame: it would take 5 s, and keeps the socket busy throughout.
        for (int i = 0; i < 105 && !closed; i++) {
            try {
                out.write(i < frame.length ? frame[i] : 'x');
                out.flush();
            } catch (SocketException reset) {
                closed = true;
            }
            closed = closed || node.counters().timeouts() > 0;
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // the attacker's pace
        }
        assertTrue(closed, "still open after the whole trickle");
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(heldMillis < IO_TIMEOUT.toMillis() + 1_500, "held " + heldMillis + " ms");
        await("reported", WAIT, () -> in.rejected(RejectReason.FRAME_TIMEOUT, "not completed within"));
        assertTrue(in.packets().isEmpty());
    }

    @Test
    void manyIdleConnectionsNeitherExceedTheInboundLimitNorStarveARealPeer() throws Exception {
        RecordingListener nodeIn = new RecordingListener();
        RecordingListener peerIn = new RecordingListener();
        FramedStreamEndpoint node = start(bounded(16), nodeIn); // at most 12 inbound, 4 kept for outbound
        FramedStreamEndpoint peer = start(bounded(16), peerIn);
        List<Socket> junk = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            junk.add(connect(node));
            if (i % 10 == 9) {
                int sent = i / 10;
                // The real peer connects while the junk piles up, and the node reaches it too.
                peer.sendReliable(addressOf(node), new byte[] {(byte) sent}).get(5, TimeUnit.SECONDS);
                node.sendReliable(addressOf(peer), new byte[] {(byte) sent}).get(5, TimeUnit.SECONDS);
                // 12 inbound at most, plus the node's own outbound connection to the peer.
                assertTrue(node.counters().openConnections() <= 13, "open " + node.counters().openConnections());
            }
        }
        await("every message of the peer", WAIT, () -> nodeIn.reliable().size() == 6);
        await("every message of the node", WAIT, () -> peerIn.reliable().size() == 6);
        StreamCounters c = node.counters();
        assertTrue(c.accepted() >= 61, "junk and the peer's connection(s) are all accepted: " + c);
        assertTrue(c.accepted() - c.closedIdle() <= 12 + 1, "displaced to stay within the limit: " + c);
        assertEquals(0, c.refused(), "idle connections are displaced, newcomers not refused");
        await("junk gone after ioTimeout", WAIT, () -> node.counters().openConnections() <= 2);
    }

    @Test
    void whenEveryInboundConnectionIsMidFrameNewOnesAreRefusedUntilTheyTimeOut() throws Exception {
        RecordingListener in = new RecordingListener();
        FramedStreamEndpoint node = start(bounded(4), in); // 3 inbound
        for (int i = 0; i < 3; i++) {
            connect(node).getOutputStream().write(new byte[] {0, 0});
        }
        await("three mid-frame", WAIT, () -> node.counters().bytesReceived() == 6);
        Socket refused = connect(node);
        assertTrue(closedByPeer(refused));
        assertEquals(1, node.counters().refused());
        await("the stalled three time out", WAIT, () -> node.counters().openConnections() == 0);
        Socket later = connect(node);
        later.getOutputStream().write(new byte[] {0, 0, 0, 1, Frames.PACKET, 42});
        await("a frame after the stall", WAIT, () -> in.packets().size() == 1);
    }
}

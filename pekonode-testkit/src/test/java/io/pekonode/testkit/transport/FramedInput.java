package io.pekonode.testkit.transport;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import java.io.IOException;
import java.net.Socket;

/** Input the framed stream engine of the {@code tcp} and {@code udp} transports refuses. */
final class FramedInput {

    private FramedInput() {
    }

    /**
     * Opens a TCP connection to {@code target} and sends the header of a frame declaring 2 GiB, far
     * over any frame limit: the transport must refuse it before allocating anything.
     */
    static RejectReason sendFrameTooLarge(NodeAddress target) throws IOException {
        try (Socket socket = new Socket(target.host(), target.port())) {
            socket.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2});
            socket.getOutputStream().flush();
        }
        return RejectReason.FRAME_TOO_LARGE;
    }
}

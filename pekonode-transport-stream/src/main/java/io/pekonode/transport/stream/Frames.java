package io.pekonode.transport.stream;

import java.nio.ByteBuffer;

/**
 * The frame layout: a 4-byte big-endian payload length, one type byte, then the payload. The length
 * counts the payload only, so the largest accepted value equals {@code maxFrameSize}.
 */
final class Frames {

    static final int HEADER_BYTES = 5;
    /** Best-effort packet sent over the stream (the TCP plugin's packet path). */
    static final byte PACKET = 1;
    /** Reliable message. */
    static final byte RELIABLE = 2;

    private Frames() {
    }

    static boolean isKnownType(byte type) {
        return type == PACKET || type == RELIABLE;
    }

    static ByteBuffer header(byte type, int payloadLength) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(payloadLength).put(type).flip();
        return header;
    }
}

package io.pekonode.testkit.transport;

import java.nio.ByteBuffer;

/**
 * Payloads that say who sent them, in which place of the sender's sequence, and whether they
 * arrived whole: a header (sender, sequence number, total length) and a body of bytes that follow
 * from the header, so a truncated, merged or altered payload is told from an intact one.
 */
final class Numbered {

    /** Bytes of the header; the smallest payload. */
    static final int HEADER_BYTES = 12;

    /** Who sent a payload and its place in the sender's sequence. */
    record Id(int sender, int sequence) {
    }

    private Numbered() {
    }

    static byte[] payload(int sender, int sequence, int length) {
        if (length < HEADER_BYTES) {
            throw new IllegalArgumentException("a numbered payload needs at least " + HEADER_BYTES + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).putInt(sender).putInt(sequence).putInt(length);
        for (int i = HEADER_BYTES; i < length; i++) {
            buffer.put(i, bodyByte(sender, sequence, i));
        }
        return buffer.array();
    }

    /**
     * The sender a payload names, without checking it (-1 when too short): for use inside a
     * transport's callback, where an assertion error would hit the transport's thread instead of the test.
     */
    static int senderOf(byte[] data) {
        return data.length < HEADER_BYTES ? -1 : ByteBuffer.wrap(data).getInt(0);
    }

    /** The payload's identity, after checking every byte of it. */
    static Id read(byte[] data) {
        if (data.length < HEADER_BYTES) {
            throw new AssertionError("payload of " + data.length + " bytes is shorter than any that was sent");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int sender = buffer.getInt();
        int sequence = buffer.getInt();
        int length = buffer.getInt();
        if (length != data.length) {
            throw new AssertionError("payload " + sender + "/" + sequence + " was sent with " + length
                    + " bytes and arrived with " + data.length);
        }
        for (int i = HEADER_BYTES; i < length; i++) {
            if (data[i] != bodyByte(sender, sequence, i)) {
                throw new AssertionError("payload " + sender + "/" + sequence + " is corrupt at byte " + i);
            }
        }
        return new Id(sender, sequence);
    }

    private static byte bodyByte(int sender, int sequence, int index) {
        return (byte) (sender * 31 + sequence * 17 + index * 7);
    }
}

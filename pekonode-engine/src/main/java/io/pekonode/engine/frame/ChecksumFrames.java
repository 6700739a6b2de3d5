package io.pekonode.engine.frame;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The default frame format: an 8-byte header, then the payload.
 *
 * <pre>
 *  0      2         3       4                8
 *  | 'P''N' | version | flags | CRC32C (BE)   | payload ...
 * </pre>
 *
 * The magic makes stray traffic (port scanners, another protocol on the same port) fail fast with a
 * clear reason instead of reaching the decoder. The version lets a future frame format coexist
 * during a rolling upgrade. Flag bit 0 means "sealed
 * with AES-GCM" ({@link SealedFrames}, whose own format version is 2); this implementation writes 0
 * and refuses any set bit (checked before the version, so a sealed frame reaching a plaintext node is
 * named as such), so a plaintext node never misreads an encrypted frame. The CRC32C covers version, flags and payload: it catches corruption
 * that UDP's optional 16-bit checksum misses, but it is <b>not</b> authentication.
 */
public final class ChecksumFrames implements FrameProtector {

    /** "PN" for PekoNode. */
    public static final byte MAGIC_0 = 'P';
    public static final byte MAGIC_1 = 'N';
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 8;

    @Override
    public int overhead() {
        return HEADER_BYTES;
    }

    @Override
    public byte[] seal(byte[] payload) {
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        ByteBuffer buf = ByteBuffer.wrap(frame);
        buf.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) 0);
        buf.putInt(checksum(VERSION, (byte) 0, payload, 0, payload.length));
        buf.put(payload);
        return frame;
    }

    @Override
    public byte[] open(byte[] frame) throws FrameException {
        if (frame == null || frame.length < HEADER_BYTES) {
            throw new FrameException(FrameException.Reason.SHORT,
                    "frame of " + (frame == null ? 0 : frame.length) + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        if (frame[0] != MAGIC_0 || frame[1] != MAGIC_1) {
            throw new FrameException(FrameException.Reason.BAD_MAGIC,
                    String.format("expected magic 0x%02x%02x, got 0x%02x%02x", MAGIC_0, MAGIC_1, frame[0], frame[1]));
        }
        if (frame[3] != 0) {
            throw new FrameException(FrameException.Reason.BAD_FLAGS,
                    String.format("unsupported flags 0x%02x (encrypted frame sent to a plaintext node?)", frame[3]));
        }
        if (frame[2] != VERSION) {
            throw new FrameException(FrameException.Reason.BAD_VERSION,
                    "frame version " + (frame[2] & 0xff) + ", this node speaks " + VERSION);
        }
        int expected = ByteBuffer.wrap(frame, 4, 4).getInt();
        int actual = checksum(frame[2], frame[3], frame, HEADER_BYTES, frame.length - HEADER_BYTES);
        if (expected != actual) {
            throw new FrameException(FrameException.Reason.BAD_CHECKSUM,
                    String.format("CRC32C 0x%08x does not match the payload's 0x%08x", expected, actual));
        }
        byte[] payload = new byte[frame.length - HEADER_BYTES];
        System.arraycopy(frame, HEADER_BYTES, payload, 0, payload.length);
        return payload;
    }

    private static int checksum(byte version, byte flags, byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(version);
        crc.update(flags);
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }
}

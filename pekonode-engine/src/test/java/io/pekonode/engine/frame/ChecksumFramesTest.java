package io.pekonode.engine.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChecksumFramesTest {

    private final ChecksumFrames frames = new ChecksumFrames();
    private final byte[] payload = "{\"type\":\"ping\",\"seq\":42}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsPayloadsOfAnySize() throws FrameException {
        for (byte[] p : new byte[][] {payload, new byte[0], new byte[70_000]}) {
            byte[] sealed = frames.seal(p);
            assertEquals(p.length + frames.overhead(), sealed.length);
            assertArrayEquals(p, frames.open(sealed));
        }
    }

    @Test
    void everySingleCorruptedPayloadByteIsRejectedAsBadChecksum() {
        byte[] sealed = frames.seal(payload);
        for (int i = ChecksumFrames.HEADER_BYTES; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            assertEquals(FrameException.Reason.BAD_CHECKSUM, rejection(bad), "flipped byte " + i);
        }
    }

    @Test
    void corruptedChecksumIsRejected() {
        byte[] bad = frames.seal(payload);
        bad[5] ^= (byte) 0x80;
        assertEquals(FrameException.Reason.BAD_CHECKSUM, rejection(bad));
    }

    @Test
    void truncatedFramesAreRejected() {
        byte[] sealed = frames.seal(payload);
        assertEquals(FrameException.Reason.SHORT, rejection(Arrays.copyOf(sealed, 7)));
        assertEquals(FrameException.Reason.SHORT, rejection(new byte[0]));
        // Cut inside the payload: the header is intact, so the checksum catches it.
        assertEquals(FrameException.Reason.BAD_CHECKSUM, rejection(Arrays.copyOf(sealed, sealed.length - 3)));
    }

    @Test
    void foreignTrafficIsRejectedAsBadMagic() {
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        FrameException e = assertThrows(FrameException.class, () -> frames.open(http));
        assertEquals(FrameException.Reason.BAD_MAGIC, e.reason());
        assertEquals("frame_bad_magic", e.reason().tag());
    }

    @Test
    void otherVersionIsRejected() {
        byte[] sealed = frames.seal(payload);
        sealed[2] = 2;
        FrameException e = assertThrows(FrameException.class, () -> frames.open(sealed));
        assertEquals(FrameException.Reason.BAD_VERSION, e.reason());
        assertEquals("BAD_VERSION: frame version 2, this node speaks 1", e.getMessage());
    }

    @Test
    void unknownFlagsAreRejected() {
        byte[] sealed = frames.seal(payload);
        sealed[3] = 1;
        assertEquals(FrameException.Reason.BAD_FLAGS, rejection(sealed));
    }

    private FrameException.Reason rejection(byte[] frame) {
        return assertThrows(FrameException.class, () -> frames.open(frame)).reason();
    }
}

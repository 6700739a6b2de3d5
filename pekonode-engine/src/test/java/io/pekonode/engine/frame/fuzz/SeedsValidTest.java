package io.pekonode.engine.frame.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.engine.frame.ChecksumFrames;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The committed seeds still open and decode: after a format change stale seeds would only exercise
 * the first rejection, and the fuzz tests would pass while testing little. Regenerate with {@link SeedWriter}.
 */
class SeedsValidTest {

    private static final String DIR = "/io/pekonode/engine/frame/fuzz/";

    @Test
    void frameSeedsOpenToTheirPayloads() throws Exception {
        for (int i = 0; i < FrameFuzzSamples.PAYLOADS.size(); i++) {
            byte[] expected = FrameFuzzSamples.PAYLOADS.get(i);
            assertArrayEquals(expected, new ChecksumFrames().open(
                    seed("FrameOpenFuzzTestInputs/checksumOpenThrowsOnlyFrameException/seed-checksum-" + i)));
            assertArrayEquals(expected, FrameFuzzSamples.sealed(true).open(
                    seed("FrameOpenFuzzTestInputs/sealedOpenThrowsOnlyFrameException/seed-sealed-" + i)));
        }
    }

    @Test
    void stateSeedsDecode() throws Exception {
        assertEquals(FrameFuzzSamples.state().nodeId(), FrameFuzzSamples.decodeState(
                seed("StateDecodeFuzzTestInputs/fileDecodeThrowsOnlyStateFormatException/seed-state-0")).nodeId());
        assertEquals(4, FrameFuzzSamples.decodeState(FrameFuzzSamples.stateFileAround(
                seed("StateDecodeFuzzTestInputs/bodyDecodeThrowsOnlyStateFormatException/seed-body-0"))).members().size());
        assertTrue(FrameFuzzSamples.decodeState(FrameFuzzSamples.stateFileAround(
                seed("StateDecodeFuzzTestInputs/bodyDecodeThrowsOnlyStateFormatException/seed-body-1"))).metadata().isEmpty());
    }

    private static byte[] seed(String path) throws IOException {
        try (InputStream in = SeedsValidTest.class.getResourceAsStream(DIR + path)) {
            if (in == null) {
                throw new AssertionError("missing seed " + path);
            }
            return in.readAllBytes();
        }
    }
}

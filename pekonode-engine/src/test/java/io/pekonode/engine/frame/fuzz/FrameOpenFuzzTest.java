package io.pekonode.engine.frame.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pekonode.engine.frame.ChecksumFrames;
import io.pekonode.engine.frame.FrameException;
import io.pekonode.engine.frame.SealedFrames;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of both frame layers' {@code open}: any bytes either open to a payload or
 * are refused with {@link FrameException}; nothing else may escape (no index, buffer or crypto
 * exception). A checksummed frame that opens seals back to the same bytes, and a sealed frame opens
 * only to a payload that was really sealed with the test keyring (no forgery by mutation).
 *
 * <p>In {@code mvn verify} this runs in Jazzer's regression mode: only the seed inputs under
 * {@code src/test/resources/io/pekonode/engine/frame/fuzz/FrameOpenFuzzTestInputs/<method>/} (valid
 * frames, written by {@link SeedWriter}) and any crash reproducers committed there, in well under a
 * second. To fuzz one method (Jazzer fuzzes one test per run):
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl pekonode-engine verify -Dtest='FrameOpenFuzzTest#sealedOpenThrowsOnlyFrameException' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m
 * </pre>
 * (or {@code #checksumOpenThrowsOnlyFrameException}). A finding is saved as a new input in that
 * directory and fails the run; fix the cause and commit the input as a regression test.
 */
class FrameOpenFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void checksumOpenThrowsOnlyFrameException(byte[] input) {
        ChecksumFrames frames = new ChecksumFrames();
        byte[] payload;
        try {
            payload = frames.open(input);
        } catch (FrameException expected) {
            return;
        }
        if (!Arrays.equals(frames.seal(payload), input)) {
            throw new AssertionError("an opened frame does not seal back to itself: " + FrameFuzzSamples.show(input));
        }
    }

    @FuzzTest(maxDuration = "60s")
    void sealedOpenThrowsOnlyFrameException(byte[] input) {
        // The same bytes at a node in the encryption transition (plaintext accepted) and at a strict one.
        for (boolean strict : new boolean[] {false, true}) {
            SealedFrames frames = FrameFuzzSamples.sealed(strict);
            byte[] payload;
            try {
                payload = frames.open(input);
            } catch (FrameException expected) {
                continue;
            }
            boolean sealed = input.length > 3 && input[3] == SealedFrames.FLAG_SEALED;
            if (strict && !sealed) {
                throw new AssertionError("a strict node opened an unsealed frame: " + FrameFuzzSamples.show(input));
            }
            if (sealed && !FrameFuzzSamples.isSealedPayload(payload)) {
                throw new AssertionError("a sealed frame opened to a payload nobody sealed: " + FrameFuzzSamples.show(input));
            }
        }
    }
}

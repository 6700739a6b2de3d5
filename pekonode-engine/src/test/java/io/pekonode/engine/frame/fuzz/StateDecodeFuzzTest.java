package io.pekonode.engine.frame.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pekonode.engine.persistence.PersistedState;
import io.pekonode.engine.persistence.StateFormatException;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the persisted state decoder ({@code persistence.StateFormat}, reached
 * through {@link FrameFuzzSamples#decodeState}): any bytes either decode to a state that re-encodes
 * stably, or are refused with {@link StateFormatException}; nothing else may escape (a damaged file
 * must never stop a node from starting with an unchecked exception or an {@link OutOfMemoryError}).
 *
 * <p>Two targets: {@code fileDecode} takes the raw file bytes (header, length and checksum checks);
 * {@code bodyDecode} wraps the input in a correct header and CRC32C, since a fuzzer cannot forge a
 * checksum and would otherwise never reach the body parser.
 *
 * <p>In {@code mvn verify} this runs in Jazzer's regression mode: only the seed inputs under
 * {@code src/test/resources/io/pekonode/engine/frame/fuzz/StateDecodeFuzzTestInputs/<method>/}
 * (encoded states, written by {@link SeedWriter}) and any committed crash reproducers. To fuzz one method:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl pekonode-engine verify -Dtest='StateDecodeFuzzTest#bodyDecodeThrowsOnlyStateFormatException' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m
 * </pre>
 * (or {@code #fileDecodeThrowsOnlyStateFormatException}).
 */
class StateDecodeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void fileDecodeThrowsOnlyStateFormatException(byte[] input) throws Exception {
        check(input);
    }

    @FuzzTest(maxDuration = "60s")
    void bodyDecodeThrowsOnlyStateFormatException(byte[] body) throws Exception {
        check(FrameFuzzSamples.stateFileAround(body));
    }

    private static void check(byte[] file) throws Exception {
        PersistedState state;
        try {
            state = FrameFuzzSamples.decodeState(file);
        } catch (StateFormatException expected) {
            return;
        }
        byte[] again = FrameFuzzSamples.encodeState(state);
        try {
            if (!Arrays.equals(again, FrameFuzzSamples.encodeState(FrameFuzzSamples.decodeState(again)))) {
                throw new AssertionError("re-encoding is not stable for " + FrameFuzzSamples.show(file));
            }
        } catch (StateFormatException e) {
            throw new AssertionError("a decoded state does not decode once re-encoded: " + e.getMessage()
                    + " for " + FrameFuzzSamples.show(file), e);
        }
    }
}

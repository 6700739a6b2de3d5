package io.pekonode.codec.json.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of the JSON decoder: any input either decodes to a message that encodes
 * and decodes back to itself, or is refused with {@link DecodeException}; nothing else may escape
 * (no NullPointerException, no OutOfMemoryError from a forged count, no StackOverflowError).
 *
 * <p>In {@code mvn verify} this runs in Jazzer's regression mode: only the seed inputs under
 * {@code src/test/resources/io/pekonode/codec/json/fuzz/JsonDecodeFuzzTestInputs/} (the JSON of one
 * valid message of every type, and the compressed form of those sent compressed) and any crash
 * reproducers found earlier, in a few seconds. To fuzz:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -o -pl pekonode-codec-json verify -Dtest=JsonDecodeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Djazzer.max_duration=10m
 * </pre>
 * A finding is saved as a new input in that directory and fails the run; commit it as a regression test.
 */
class JsonDecodeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decodeThrowsOnlyDecodeExceptionAndRoundTrips(byte[] input) {
        WireMessage message;
        try {
            message = FuzzSamples.CODEC.decode(input);
        } catch (DecodeException expected) {
            return;
        }
        byte[] again = FuzzSamples.CODEC.encode(message);
        try {
            WireMessage back = FuzzSamples.CODEC.decode(again);
            if (!Arrays.equals(again, FuzzSamples.CODEC.encode(back))) {
                throw new AssertionError("re-encoding is not stable for " + FuzzSamples.show(input));
            }
        } catch (DecodeException e) {
            throw new AssertionError("a decoded message does not decode once re-encoded: " + e.getMessage()
                    + " for " + FuzzSamples.show(input), e);
        }
    }
}

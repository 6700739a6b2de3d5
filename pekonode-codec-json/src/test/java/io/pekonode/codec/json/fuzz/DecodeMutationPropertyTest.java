package io.pekonode.codec.json.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property: random byte mutations (flips, overwrites, insertions, deletions, truncations, splices)
 * of a valid encoding of every message type, as JSON and as compressed where the codec compresses
 * it, either decode or raise {@link DecodeException}, never anything else. Deterministic seeds, so a failure reproduces; runs in every {@code mvn verify}.
 */
class DecodeMutationPropertyTest {

    private static final int MUTANTS_PER_MESSAGE = 3_000;
    /** Bytes that change JSON's structure rather than a value. */
    private static final String STRUCTURE = "{}[]\",:0-9.eE\\un";

    @Test
    void mutatedMessagesRaiseOnlyTheDocumentedException() {
        List<byte[]> valid = FuzzSamples.jsonAndCompressedEveryType();
        SplittableRandom random = new SplittableRandom(20261122);
        int decoded = 0;
        int refused = 0;
        for (byte[] original : valid) {
            for (int i = 0; i < MUTANTS_PER_MESSAGE; i++) {
                byte[] mutant = mutate(original, valid.get(random.nextInt(valid.size())), random);
                try {
                    WireMessage m = FuzzSamples.CODEC.decode(mutant);
                    decoded++;
                    FuzzSamples.CODEC.encode(m); // what decodes must be encodable again
                } catch (DecodeException expected) {
                    refused++;
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    fail("undocumented " + e + " for " + FuzzSamples.show(mutant), e);
                }
            }
        }
        assertEquals(valid.size() * MUTANTS_PER_MESSAGE, decoded + refused);
    }

    @Test
    void everySampleIsValid() throws DecodeException {
        for (WireMessage m : FuzzSamples.everyType()) {
            assertEquals(m.getClass(), FuzzSamples.CODEC.decode(FuzzSamples.CODEC.encode(m)).getClass());
        }
    }

    static byte[] mutate(byte[] b, byte[] other, SplittableRandom random) {
        byte[] out = b.clone();
        for (int k = 1 + random.nextInt(4); k > 0 && out.length > 0; k--) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(7)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) STRUCTURE.charAt(random.nextInt(STRUCTURE.length()));
                case 2 -> out[at] = (byte) random.nextInt(256);
                case 3 -> { // insert
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 4 -> { // delete a run
                    int end = Math.min(out.length, at + 1 + random.nextInt(16));
                    byte[] shorter = new byte[out.length - (end - at)];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, end, shorter, at, out.length - end);
                    out = shorter;
                }
                case 5 -> out = Arrays.copyOf(out, at); // truncate
                default -> { // splice the tail of another message
                    int from = random.nextInt(other.length);
                    byte[] spliced = Arrays.copyOf(out, at + other.length - from);
                    System.arraycopy(other, from, spliced, at, other.length - from);
                    out = spliced;
                }
            }
        }
        return out;
    }
}

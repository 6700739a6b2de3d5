package io.pekonode.engine.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of both frame formats under random byte mutations of valid frames (flips, overwrites,
 * insertions, deletions, truncations, extensions, random bytes): {@code open} raises only
 * {@link FrameException}, and a sealed frame that differs from what was sealed in any byte never
 * opens. Deterministic seeds, so a failure reproduces.
 */
class FrameMutationPropertyTest {

    private static final int MUTANTS = 20_000;
    private static final byte[] PAYLOAD = "{\"v\":1,\"t\":\"gossip\",\"o\":{\"id\":\"n\",\"a\":\"10.0.0.1:7946\"},\"r\":[]}"
            .getBytes(StandardCharsets.UTF_8);

    private int unchanged;

    @Test
    void mutatedSealedFramesNeverOpenAndRaiseOnlyFrameException() {
        ClusterKey k = ClusterKey.generate();
        SplittableRandom random = new SplittableRandom(5);
        Map<FrameException.Reason, Integer> reasons = new EnumMap<>(FrameException.Reason.class);
        for (String label : new String[] {null, "prod-eu"}) {
            WireSecurity.Builder b = WireSecurity.builder(Keyring.of(k, ClusterKey.generate()));
            SealedFrames frames = new SealedFrames((label == null ? b : b.label(label)).build());
            for (int i = 0; i < MUTANTS; i++) {
                byte[] valid = frames.seal(Arrays.copyOf(PAYLOAD, random.nextInt(PAYLOAD.length + 1)));
                byte[] mutant = mutate(valid, random);
                try {
                    byte[] opened = frames.open(mutant);
                    if (!Arrays.equals(mutant, valid)) {
                        fail("a mutated sealed frame opened: " + Arrays.toString(mutant));
                    }
                    assertArrayEquals(Arrays.copyOf(PAYLOAD, opened.length), opened);
                } catch (FrameException e) {
                    reasons.merge(e.reason(), 1, Integer::sum);
                } catch (RuntimeException e) {
                    fail("undocumented " + e + " for " + Arrays.toString(mutant), e);
                }
            }
        }
        assertEquals(2 * MUTANTS, reasons.values().stream().mapToInt(Integer::intValue).sum()
                + unchanged, "every mutant refused, by reason: " + reasons);
    }

    @Test
    void mutatedChecksumFramesRaiseOnlyFrameException() {
        ChecksumFrames frames = new ChecksumFrames();
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] valid = frames.seal(Arrays.copyOf(PAYLOAD, random.nextInt(PAYLOAD.length + 1)));
            byte[] mutant = mutate(valid, random);
            try {
                frames.open(mutant);
            } catch (FrameException expected) {
                // documented
            } catch (RuntimeException e) {
                fail("undocumented " + e + " for " + Arrays.toString(mutant), e);
            }
        }
    }

    /** Always changes the frame (a mutation that happens to restore it is counted in {@link #unchanged}). */
    private byte[] mutate(byte[] b, SplittableRandom random) {
        byte[] out = b.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            int at = out.length == 0 ? 0 : random.nextInt(out.length);
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (out.length > 0) {
                        out[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (out.length > 0) {
                        out[at] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> { // insert
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 3 -> { // delete
                    if (out.length > 0) {
                        byte[] shorter = new byte[out.length - 1];
                        System.arraycopy(out, 0, shorter, 0, at);
                        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                        out = shorter;
                    }
                }
                case 4 -> out = Arrays.copyOf(out, at); // truncate
                case 5 -> { // extend
                    int from = out.length;
                    out = Arrays.copyOf(out, out.length + 1 + random.nextInt(32));
                    for (int j = from; j < out.length; j++) {
                        out[j] = (byte) random.nextInt(256);
                    }
                }
                default -> { // random bytes of the same length
                    for (int j = 0; j < out.length; j++) {
                        out[j] = (byte) random.nextInt(256);
                    }
                }
            }
        }
        if (Arrays.equals(out, b)) {
            unchanged++;
        }
        return out;
    }
}

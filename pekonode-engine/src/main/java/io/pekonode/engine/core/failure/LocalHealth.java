package io.pekonode.engine.core.failure;

/**
 * Lifeguard's local health awareness (memberlist's awareness.go): a score of how likely it is that
 * this node, not its peers, is the one in trouble. A node that is slow to process messages (CPU
 * starved, paused by GC, dropping its own packets) sees everyone else as failing; scaling its own
 * probe interval and probe timeout by {@code score + 1} makes it probe less aggressively and wait
 * longer, so it stops falsely suspecting healthy members until it recovers.
 *
 * <p>The score lies in {@code [0, maxMultiplier - 1]}. Events the core applies:
 * <ul>
 *   <li>{@code -1} after a probe that got an ack (direct or relayed): the node is able to talk.</li>
 *   <li>{@code +1} after a failed probe of a member nobody suspected yet, when no nacks were
 *       expected or at least one expected nack never arrived: relays whose nack is missing point at
 *       our own network or processing. memberlist adds one per missing nack; we add one per probe,
 *       because in a partition the relays across the cut all go silent at once (the network, not
 *       us), and a probe of a member already suspected is expected to fail.</li>
 *   <li>{@code +1} when refuting a suspicion or death of ourselves: others could not reach us.</li>
 * </ul>
 * Not thread-safe: the protocol core drives it from one thread.
 */
public final class LocalHealth {

    private final int maxMultiplier;
    private int score;

    /** @param maxMultiplier the most the probe interval and timeout are ever stretched (1 disables it) */
    public LocalHealth(int maxMultiplier) {
        if (maxMultiplier < 1) {
            throw new IllegalArgumentException("maxMultiplier must be at least 1: " + maxMultiplier);
        }
        this.maxMultiplier = maxMultiplier;
    }

    /** Adds {@code delta} to the score, clamped to {@code [0, maxMultiplier - 1]}. */
    public void apply(int delta) {
        long next = (long) score + delta;
        score = (int) Math.max(0, Math.min(maxMultiplier - 1L, next));
    }

    /** 0 when healthy, up to {@code maxMultiplier - 1}. */
    public int score() {
        return score;
    }

    /** {@code millis * (score + 1)}, saturating instead of overflowing (a "never" timeout stays never). */
    public long scale(long millis) {
        try {
            return Math.multiplyExact(millis, score + 1L);
        } catch (ArithmeticException overflow) {
            return millis > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }
}

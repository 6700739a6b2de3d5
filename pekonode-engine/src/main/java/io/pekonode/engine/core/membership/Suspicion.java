package io.pekonode.engine.core.membership;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Lifeguard's dynamic suspicion timeout for one suspected member (memberlist's suspicion.go).
 *
 * <p>A suspicion raised by one node alone may come from that node's own trouble (a full receive
 * buffer, a CPU stall), so it starts with a long timeout, giving the suspect time to hear of it and
 * refute. Each <em>independent</em> confirmation (another node gossiping the same suspicion) makes
 * the local node's own problem a less likely explanation, so the timeout shrinks logarithmically,
 * reaching the minimum after {@code expectedConfirmations}:
 *
 * <pre>timeout(c) = max(min, max - (max - min) * log(c + 1) / log(k + 1))</pre>
 *
 * floored to whole milliseconds, counted from the moment the suspicion started. With {@code k < 1}
 * no confirmations can be expected (too few members) and the minimum applies from the start.
 *
 * <p>Beyond memberlist, confirmations past k may keep shrinking the timeout, on the same curve, from
 * the minimum down to a floor after {@code strongConfirmations} (K) in all: several independent
 * members that each failed to reach the suspect make a live-but-unlucky suspect very unlikely, and a
 * crash gathers them at about one prober per period. With {@code K == k} the class is memberlist's.
 *
 * <p>Time is passed in; the core checks {@link #deadlineMillis()} on its ticks. Not thread-safe.
 */
public final class Suspicion {

    private final int expectedConfirmations;
    private final int strongConfirmations;
    private final long floorTimeoutMillis;
    private final long minTimeoutMillis;
    private final long maxTimeoutMillis;
    private final long startMillis;
    /** Nodes already counted, including the original suspector, who must not confirm itself. */
    private final Set<String> heardFrom = new HashSet<>();
    private int confirmations;
    private long deadlineMillis;

    /**
     * @param suspectorId           the node that raised the suspicion; its repeats are not confirmations
     * @param expectedConfirmations confirmations after which the minimum timeout applies (k)
     * @param minTimeoutMillis      the timeout once k nodes confirmed
     * @param maxTimeoutMillis      the timeout with no confirmation yet
     * @param startMillis           when the suspicion started locally
     */
    public Suspicion(String suspectorId, int expectedConfirmations, long minTimeoutMillis, long maxTimeoutMillis,
                     long startMillis) {
        this(suspectorId, expectedConfirmations, expectedConfirmations, minTimeoutMillis, minTimeoutMillis, maxTimeoutMillis,
                startMillis);
    }

    /**
     * @param strongConfirmations confirmations (K >= k) after which the floor applies
     * @param floorTimeoutMillis  the timeout once K nodes confirmed ({@code 0 <= floor <= min})
     */
    public Suspicion(String suspectorId, int expectedConfirmations, int strongConfirmations, long floorTimeoutMillis,
                     long minTimeoutMillis, long maxTimeoutMillis, long startMillis) {
        Objects.requireNonNull(suspectorId, "suspectorId");
        if (strongConfirmations < expectedConfirmations || floorTimeoutMillis < 0 || floorTimeoutMillis > minTimeoutMillis) {
            throw new IllegalArgumentException("need k <= strong and 0 <= floor <= min");
        }
        this.strongConfirmations = strongConfirmations;
        this.floorTimeoutMillis = floorTimeoutMillis;
        if (minTimeoutMillis < 0 || maxTimeoutMillis < minTimeoutMillis) {
            throw new IllegalArgumentException("need 0 <= min <= max timeout, got " + minTimeoutMillis + ".."
                    + maxTimeoutMillis);
        }
        this.expectedConfirmations = expectedConfirmations;
        this.minTimeoutMillis = minTimeoutMillis;
        this.maxTimeoutMillis = maxTimeoutMillis;
        this.startMillis = startMillis;
        heardFrom.add(suspectorId);
        deadlineMillis = startMillis + timeout(0);
    }

    private long timeout(int c) {
        if (c <= expectedConfirmations || strongConfirmations == expectedConfirmations) {
            return timeoutMillis(c, expectedConfirmations, minTimeoutMillis, maxTimeoutMillis);
        }
        return timeoutMillis(c - expectedConfirmations, strongConfirmations - expectedConfirmations, floorTimeoutMillis,
                minTimeoutMillis);
    }

    /**
     * Counts a suspicion of the same member at the same incarnation from {@code fromNodeId}.
     *
     * @return true iff this was a new, independent confirmation that shortened the timeout: false
     *         for the original suspector, a repeat, or once {@code K} confirmations were reached (as in
     *         memberlist, where the result decides whether the suspicion is gossiped on: after that
     *         re-gossiping it would add traffic without shortening anything)
     */
    public boolean confirm(String fromNodeId) {
        Objects.requireNonNull(fromNodeId, "fromNodeId");
        if (confirmations >= strongConfirmations || !heardFrom.add(fromNodeId)) {
            return false;
        }
        confirmations++;
        deadlineMillis = startMillis + timeout(confirmations);
        return true;
    }

    /** When the suspect is to be declared dead unless it refutes first. */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Independent confirmations counted so far (at most {@code strongConfirmations}). */
    public int confirmations() {
        return confirmations;
    }

    /**
     * The timeout after {@code confirmations} of {@code expected} confirmations; see the class comment.
     * Public so the core and benchmarks can predict detection times.
     */
    public static long timeoutMillis(int confirmations, int expected, long minMillis, long maxMillis) {
        if (expected < 1) {
            return minMillis;
        }
        double fraction = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        double raw = maxMillis - fraction * (maxMillis - minMillis);
        return Math.max(minMillis, (long) Math.floor(raw));
    }
}

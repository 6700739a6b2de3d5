package io.pekonode.engine.core.usermessages;

/**
 * The node's Lamport clock for user events and queries: every stamp is above every stamp this node
 * made or witnessed before, so (origin id, time) names one message and later messages of one origin
 * carry higher times.
 *
 * <p>Unlike a bare counter, a stamp is also never below the node's wall clock in milliseconds. A node
 * restarted with the same id (its data directory kept the id, not the clock) therefore stamps its new
 * messages above the old ones, instead of starting at 0 again where receivers would take them for
 * duplicates of what they remember. That holds as long as the old process did not average more than
 * one message per millisecond over its life. Witnessing keeps the clocks of nodes with lagging wall
 * clocks moving with the rest.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class LamportClock {
    private long next;

    /** The next time this clock will hand out (at least; the wall clock may push it higher). */
    public long time() {
        return next;
    }

    /** A time for a message sent now: above everything stamped or witnessed so far, and at least {@code nowMillis}. */
    public long stamp(long nowMillis) {
        long t = Math.max(next, nowMillis);
        next = t == Long.MAX_VALUE ? t : t + 1;
        return t;
    }

    /** Accounts for a time seen on a received message, so that later stamps come after it. */
    public void witness(long seen) {
        if (seen >= next) {
            next = seen == Long.MAX_VALUE ? seen : seen + 1;
        }
    }
}

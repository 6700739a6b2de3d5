package io.pekonode.engine.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * Monotonic protocol counters kept by the core, read by the runtime's metrics and by benchmarks.
 * Owned by the thread that drives the core; copy with {@link #snapshot()} to publish elsewhere.
 */
public final class CoreStats {

    /** The counted protocol actions; names are stable (used as metric tags). */
    public enum Counter {
        PROBES_SENT, INDIRECT_PROBES_SENT, ACKS_RECEIVED, NACKS_RECEIVED, PROBES_FAILED, SUSPICIONS_RAISED,
        REFUTATIONS, MEMBERS_FAILED, GOSSIP_ROUNDS,
        /** Probe verdicts put off for one probe timeout because this node's own turn came late. */
        PROBE_VERDICTS_PUT_OFF,
        /** Members declared dead without a suspicion: a failed probe also found their port refusing connections. */
        PROBES_REFUSED,
        /** Eager pushes of news sent at once, and those the rate bound left for the next round. */
        EAGER_PUSHES, EAGER_PUSHES_DEFERRED,
        SYNCS_STARTED,
        /** Push-pull summaries received that found this node in step with the sender: no exchange needed. */
        SYNC_SUMMARIES_MATCHED,
        JOIN_ATTEMPTS, RUMORS_QUEUED,
        STALE_MESSAGES_IGNORED,
        /**
         * User events: broadcast here, first seen from peers, dropped as copies or as past the dedup
         * memory, folded by coalescing, taken out of the gossip queue before spreading fully because
         * more than {@code UserEvents.MAX_QUEUED} were queued (oldest first).
         */
        EVENTS_BROADCAST, EVENTS_RECEIVED, EVENTS_DUPLICATE, EVENTS_TOO_OLD, EVENTS_COALESCED, EVENTS_EVICTED,
        /**
         * Queries: started here, first seen from peers, dropped as copies/too old, expired on arrival,
         * matched here, dropped undrained, taken out of the gossip queue before their timeout because
         * more than {@code Queries.MAX_TRACKED} were tracked (oldest first).
         */
        QUERIES_STARTED, QUERIES_RECEIVED, QUERIES_DUPLICATE, QUERIES_EXPIRED, QUERIES_MATCHED, QUERIES_DROPPED,
        QUERIES_EVICTED
    }

    private final long[] counts = new long[Counter.values().length];

    public void increment(Counter counter) {
        counts[counter.ordinal()]++;
    }

    public void add(Counter counter, long amount) {
        counts[counter.ordinal()] += amount;
    }

    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> copy = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            copy.put(c, counts[c.ordinal()]);
        }
        return copy;
    }

    public long probesSent() {
        return get(Counter.PROBES_SENT);
    }

    public long suspicionsRaised() {
        return get(Counter.SUSPICIONS_RAISED);
    }

    public long refutations() {
        return get(Counter.REFUTATIONS);
    }

    public long eventsDuplicate() {
        return get(Counter.EVENTS_DUPLICATE);
    }

    public long queriesReceived() {
        return get(Counter.QUERIES_RECEIVED);
    }

}

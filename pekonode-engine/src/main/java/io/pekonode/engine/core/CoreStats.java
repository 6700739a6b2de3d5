package io.pekonode.engine.core;

/**
 * Monotonic protocol counters kept by the core, read by the runtime's metrics and by benchmarks.
 * Read on the thread that drives the core.
 */
public final class CoreStats {
    long probesSent;
    long indirectProbesSent;
    long acksReceived;
    long nacksReceived;
    long suspicionsRaised;
    long refutations;
    long gossipRounds;
    long syncsStarted;
    long rumorsQueued;
    long staleMessagesIgnored;

    public long probesSent() {
        return probesSent;
    }

    public long indirectProbesSent() {
        return indirectProbesSent;
    }

    public long acksReceived() {
        return acksReceived;
    }

    public long nacksReceived() {
        return nacksReceived;
    }

    public long suspicionsRaised() {
        return suspicionsRaised;
    }

    public long refutations() {
        return refutations;
    }

    public long gossipRounds() {
        return gossipRounds;
    }

    public long syncsStarted() {
        return syncsStarted;
    }

    public long rumorsQueued() {
        return rumorsQueued;
    }

    public long staleMessagesIgnored() {
        return staleMessagesIgnored;
    }
}

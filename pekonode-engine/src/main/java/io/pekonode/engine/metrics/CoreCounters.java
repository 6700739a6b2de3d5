package io.pekonode.engine.metrics;

import io.pekonode.engine.core.CoreStats;

/**
 * An immutable copy of the core's counters. The core's {@link CoreStats} belong to the event loop
 * and are not safe to read elsewhere, so the loop copies them here after each batch and meters read
 * the copy (at most one batch old).
 */
public record CoreCounters(long probesSent, long indirectProbesSent, long acksReceived, long nacksReceived,
                           long suspicionsRaised, long refutations, long gossipRounds, long syncsStarted,
                           long rumorsQueued, long staleMessagesIgnored) {

    public static final CoreCounters ZERO = new CoreCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static CoreCounters copyOf(CoreStats s) {
        return new CoreCounters(s.probesSent(), s.indirectProbesSent(), s.acksReceived(), s.nacksReceived(),
                s.suspicionsRaised(), s.refutations(), s.gossipRounds(), s.syncsStarted(), s.rumorsQueued(),
                s.staleMessagesIgnored());
    }
}

package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How failures are detected: SWIM's probes with Lifeguard's refinements. Every
 * {@code probeInterval} the node probes one member (each in turn, in shuffled order); a member that
 * answers neither a direct nor an indirect probe becomes suspect, and a suspect that does not refute
 * within the suspicion timeout is declared dead. The defaults are memberlist's LAN profile; the
 * {@link Builder} setters state each setting's trade-off.
 *
 * @param probeInterval                 time between probes (default 1 s)
 * @param probeTimeout                  wait for a direct ack before probing indirectly (default 500 ms; at most
 *                                      {@code probeInterval})
 * @param indirectChecks                members asked to probe indirectly (default 3)
 * @param suspicionMultiplier           scales the suspicion timeout (default 4; see {@link Builder#suspicionMultiplier})
 * @param suspicionMaxTimeoutMultiplier Lifeguard: a fresh suspicion's timeout as a multiple of the minimum (default 6)
 * @param lifeguard                     Lifeguard on or off (default on)
 * @param awarenessMaxMultiplier        Lifeguard: most a locally unhealthy node stretches its probe interval and
 *                                      timeout (default 8)
 * @param failOnConnectionRefused       a member whose failed probe also found its port closed is declared dead
 *                                      at once, without a suspicion (default on; see
 *                                      {@link Builder#failOnConnectionRefused})
 */
public record FailureDetectionConfig(Duration probeInterval, Duration probeTimeout, int indirectChecks,
                                     int suspicionMultiplier, int suspicionMaxTimeoutMultiplier, boolean lifeguard,
                                     int awarenessMaxMultiplier, boolean failOnConnectionRefused) {

    /** @throws IllegalArgumentException for a value out of range, or a probe timeout longer than the interval */
    public FailureDetectionConfig {
        positive(probeInterval, "probeInterval");
        positive(probeTimeout, "probeTimeout");
        atLeast(indirectChecks, 0, "indirectChecks");
        atLeast(suspicionMultiplier, 1, "suspicionMultiplier");
        atLeast(suspicionMaxTimeoutMultiplier, 1, "suspicionMaxTimeoutMultiplier");
        atLeast(awarenessMaxMultiplier, 1, "awarenessMaxMultiplier");
        if (probeTimeout.compareTo(probeInterval) > 0) {
            throw new IllegalArgumentException("probeTimeout (" + probeTimeout + ") must not exceed probeInterval ("
                    + probeInterval + ")");
        }
    }

    /** The LAN defaults. */
    public static FailureDetectionConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the LAN defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link FailureDetectionConfig}; starts from the LAN defaults. */
    public static final class Builder {
        private Duration probeInterval = Duration.ofSeconds(1);
        private Duration probeTimeout = Duration.ofMillis(500);
        private int indirectChecks = 3;
        private int suspicionMultiplier = 4;
        private int suspicionMaxTimeoutMultiplier = 6;
        private boolean lifeguard = true;
        private int awarenessMaxMultiplier = 8;
        private boolean failOnConnectionRefused = true;

        private Builder() {
        }

        private Builder(FailureDetectionConfig c) {
            probeInterval = c.probeInterval;
            probeTimeout = c.probeTimeout;
            indirectChecks = c.indirectChecks;
            suspicionMultiplier = c.suspicionMultiplier;
            suspicionMaxTimeoutMultiplier = c.suspicionMaxTimeoutMultiplier;
            lifeguard = c.lifeguard;
            awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            failOnConnectionRefused = c.failOnConnectionRefused;
        }

        /**
         * Time between probes of one member each (SWIM protocol period). Shorter detects failures
         * sooner at the cost of more traffic (one ping and ack per period per node). Default 1 s.
         */
        public Builder probeInterval(Duration d) {
            this.probeInterval = d;
            return this;
        }

        /**
         * Wait for a direct ack before asking others to probe. Should be above the network's 99th
         * percentile round trip; at most {@link #probeInterval}. Default 500 ms.
         */
        public Builder probeTimeout(Duration d) {
            this.probeTimeout = d;
            return this;
        }

        /**
         * Members asked to probe indirectly when a direct probe fails. More members guard against one
         * bad network path, at the cost of that many extra pings per failed probe. Default 3.
         */
        public Builder indirectChecks(int n) {
            this.indirectChecks = n;
            return this;
        }

        /**
         * Scales the suspicion timeout. With {@code N} members alive or suspect (this node included),
         * the minimum timeout is {@code suspicionMultiplier x max(1, log10(N)) x probeInterval}
         * (milliseconds, rounded down), so it grows only past ten members. Without Lifeguard every
         * suspicion lasts that minimum. With Lifeguard a fresh suspicion lasts
         * {@link #suspicionMaxTimeoutMultiplier} times the minimum and shrinks, logarithmically in the
         * number of independent confirmations, to the minimum once {@code k = suspicionMultiplier - 2}
         * other members confirmed it, then on to half the minimum after three more; in a cluster
         * too small for {@code k} confirmations (fewer than {@code k + 2} members) the minimum
         * applies from the start, and without room for the three more there is no shrinking below
         * it. Larger tolerates longer pauses and losses before declaring death, but detects failures
         * later. Default 4.
         */
        public Builder suspicionMultiplier(int n) {
            this.suspicionMultiplier = n;
            return this;
        }

        /**
         * Lifeguard: a fresh suspicion starts at this multiple of the minimum timeout (see
         * {@link #suspicionMultiplier}) and shrinks toward it as independent members confirm. Higher
         * means fewer false failures when only one node suspects, and slower detection of a real crash
         * that few members notice. Default 6.
         */
        public Builder suspicionMaxTimeoutMultiplier(int n) {
            this.suspicionMaxTimeoutMultiplier = n;
            return this;
        }

        /**
         * Lifeguard on or off: local health awareness, dynamic suspicion timeouts and the buddy rule.
         * Off gives classic SWIM, which declares healthy-but-slow members dead more often. Default on.
         */
        public Builder lifeguard(boolean on) {
            this.lifeguard = on;
            return this;
        }

        /**
         * Lifeguard: most that a locally unhealthy node (missed acks, refuted suspicions of itself)
         * stretches its probe interval and timeout, so a slow node accuses others less. Higher
         * protects healthy members from a struggling one better; lower keeps its detection faster.
         * Default 8.
         */
        public Builder awarenessMaxMultiplier(int n) {
            this.awarenessMaxMultiplier = n;
            return this;
        }

        /**
         * Whether a refused connection counts as proof of a crash. When a direct probe goes unanswered,
         * the prober also sends it over the reliable path (TCP); if that connect is refused (the host
         * answered that nothing listens on the member's port) and no relay brought an ack by the end
         * of the probe, the member is declared dead at once instead of suspected, so a crashed process
         * is known dead about one protocol period after its first failed probe rather than after a
         * suspicion timeout of seconds. A paused or overloaded process keeps its port open (its
         * connects wait, they are not refused), and so does a host cut off by the network, so neither
         * is affected: they are suspected as before, and the suspicion's timeout is what they survive.
         * A process restarted on the same address is gone for the seconds its restart takes, so it is
         * reported failed and then joined again (with a new id, or with its old one at a higher
         * incarnation), where a suspicion might have outlasted the restart.
         * Turn it off where something answers for ports of live members with refusals (a firewall
         * rule that rejects the member's TCP port while its UDP port works), or where a member may
         * close its reliable port while it lives. Default on.
         */
        public Builder failOnConnectionRefused(boolean on) {
            this.failOnConnectionRefused = on;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link FailureDetectionConfig} constructor */
        public FailureDetectionConfig build() {
            return new FailureDetectionConfig(probeInterval, probeTimeout, indirectChecks, suspicionMultiplier,
                    suspicionMaxTimeoutMultiplier, lifeguard, awarenessMaxMultiplier, failOnConnectionRefused);
        }
    }
}

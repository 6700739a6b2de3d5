package io.pekonode.it.cluster;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.FailureDetectionConfig;
import java.time.Duration;

/**
 * How long the protocol may take for each scenario, derived from the same profile the agents run
 * ({@link DockerCluster#PROFILE}), so a change of the profile moves the bounds with it.
 *
 * <p>Every bound is the protocol's worst case with healthy, idle hosts, then widened by
 * {@link #LOAD_FACTOR} and {@link #LOAD_MARGIN}: five JVMs, Docker and the test share two cores
 * here, so timers fire late and packets wait in queues. The measured times are logged and written
 * to the timings report, so a drift towards a bound is visible before it fails.
 */
public final class ProtocolBounds {

    static final double LOAD_FACTOR = 1.5;
    static final Duration LOAD_MARGIN = Duration.ofSeconds(5);

    private final ClusterConfig config;
    private final int size;

    private ProtocolBounds(ClusterConfig config, int size) {
        this.config = config;
        this.size = size;
    }

    public static ProtocolBounds forCluster(int size) {
        return new ProtocolBounds(ClusterConfig.profile(DockerCluster.PROFILE).build(), size);
    }

    /**
     * Longest suspicion before a suspect is declared dead: Lifeguard starts at
     * suspicionMaxTimeoutMultiplier x the minimum, and the minimum is
     * suspicionMultiplier x max(1, log10(N+1)) x probeInterval.
     */
    public Duration maxSuspicion() {
        return minSuspicion().multipliedBy(config.failureDetection().suspicionMaxTimeoutMultiplier());
    }

    public Duration minSuspicion() {
        double scale = Math.max(1.0, Math.log10(size + 1));
        FailureDetectionConfig fd = config.failureDetection();
        return millis(fd.suspicionMultiplier() * scale * fd.probeInterval().toMillis());
    }

    /**
     * Crash to "dead at every live member": the crashed node is probed within two shuffled rounds
     * (2(N-1) periods, it may sit at the end of one round and the start of the next), the direct
     * and indirect probes fail within one period, then the longest suspicion, then the dead rumor
     * spreads (retransmit limit x log rounds of gossip, plus one probe period for piggybacking).
     */
    public Duration failureDetection() {
        Duration probing = config.failureDetection().probeInterval().multipliedBy(2L * (size - 1) + 1);
        return widen(probing.plus(maxSuspicion()).plus(dissemination()));
    }

    /**
     * A crash that every survivor can see (nothing cut off) to "dead at every live member": Lifeguard's
     * k confirmations bring the suspicion down to its minimum once enough survivors' own probes of the
     * crashed node failed. Each survivor probes round-robin in an order shuffled every round, so one
     * that had just probed the node probes it again within 2(N-1) - 1 periods and that probe fails
     * within one more: the later of those periods and the first suspicion (two periods) plus the
     * minimum timeout, then the dead rumor spreads. The simulator holds the same scenario to the
     * unwidened bound over 8 seeds ({@code ProtocolGapsSimTest}); here, on shared cores, it is widened
     * like every other bound, which makes it about 4x the measured time rather than 9x.
     */
    public Duration confirmedCrashDetection() {
        Duration period = config.failureDetection().probeInterval();
        Duration probing = period.multipliedBy(2L * (size - 1) + 1);
        Duration suspected = period.multipliedBy(2).plus(minSuspicion());
        return widen((probing.compareTo(suspected) > 0 ? probing : suspected).plus(dissemination()));
    }

    /**
     * Start to "every node sees all N alive": a join does a push-pull with the seed and gossip
     * spreads the joiner; whatever gossip misses is repaired by the next periodic push-pull.
     */
    public Duration formation() {
        return widen(config.antiEntropy().pushPullInterval().plus(config.network().connectTimeout()).plus(dissemination()));
    }

    /** A write to "readable everywhere": rumor spreading, else the next anti-entropy exchange. */
    public Duration metadataSpread() {
        return widen(config.antiEntropy().pushPullInterval().plus(dissemination()));
    }

    /**
     * A falsely dead node that runs again to "alive everywhere": it learns of its death from gossip
     * (kept up for gossipToDeadTime) or at the latest from its next push-pull, refutes with a higher
     * incarnation, and the refutation spreads.
     */
    public Duration refutation() {
        return widen(config.antiEntropy().pushPullInterval().plus(config.failureDetection().probeInterval().multipliedBy(size))
                .plus(dissemination()));
    }

    /**
     * Healed partition to "one cluster again": the sides are dead to each other, so only the
     * periodic push-pull that also targets dead members reconnects them; allow two push-pull
     * periods (the target is random) plus the refutations that follow.
     */
    public Duration partitionMerge() {
        return widen(config.antiEntropy().pushPullInterval().multipliedBy(2).plus(config.failureDetection().probeInterval().multipliedBy(size))
                .plus(dissemination()));
    }

    /** A leave announcement to "left everywhere": it is a rumor like any other. */
    public Duration leaveSpread() {
        return widen(dissemination().plus(config.failureDetection().probeInterval()));
    }

    /**
     * How long a left member must stay LEFT after its process is gone: long enough for every node
     * to have probed it (one round) and for a suspicion to have expired, had it been probed at all.
     */
    public Duration leftStaysLeft() {
        return config.failureDetection().probeInterval().multipliedBy(size).plus(minSuspicion());
    }

    private Duration dissemination() {
        long rounds = (long) config.gossip().retransmitMultiplier() * (long) Math.ceil(Math.log10(size + 1));
        return config.gossip().interval().multipliedBy(rounds).plus(config.failureDetection().probeInterval());
    }

    private static Duration widen(Duration protocolBound) {
        return millis(protocolBound.toMillis() * LOAD_FACTOR).plus(LOAD_MARGIN);
    }

    private static Duration millis(double ms) {
        return Duration.ofMillis((long) Math.ceil(ms));
    }

    @Override
    public String toString() {
        return "bounds for N=" + size + " with profile " + DockerCluster.PROFILE + ": failureDetection="
                + failureDetection().toMillis() + "ms, maxSuspicion=" + maxSuspicion().toMillis() + "ms";
    }
}

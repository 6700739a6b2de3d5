package io.pekonode.testkit.sim;

import io.pekonode.api.config.ClusterConfig;

/**
 * What the design predicts for a cluster of {@code n} members running {@code config}: the yardsticks the
 * simulator tests assert against and the benchmark prints beside its measurements.
 *
 * <ul>
 *   <li>Dissemination: push gossip with fanout f reaches all N members in about
 *       {@code log_{f+1}(N) + ln(N)/f} rounds (the first term while the rumor spreads, the second to
 *       find the last few members; Pittel's result for f = 1 generalised).</li>
 *   <li>Suspicion timeout (memberlist, Lifeguard): {@code suspicionMultiplier * log10(N+1) * probeInterval}
 *       once enough independent confirmations (k) arrived, up to {@code suspicionMaxTimeoutMultiplier} times
 *       that without any, and down to half of it (the floor) after three more.</li>
 *   <li>Detection: wait until some member probes the crashed one, one protocol period for the probe and
 *       its indirect probes to fail, the suspicion timeout, then dissemination of the death.</li>
 * </ul>
 */
record ProtocolBounds(ClusterConfig config, int n) {

    long probeMillis() {
        return config.failureDetection().probeInterval().toMillis();
    }

    long gossipMillis() {
        return config.gossip().interval().toMillis();
    }

    /** log_{fanout+1}(N): the rounds in which a rumor reaches most members. */
    double spreadRounds() {
        return Math.log(n) / Math.log(config.gossip().fanout() + 1.0);
    }

    /** log_{fanout+1}(N) + ln(N)/fanout: rounds until the last member has it. */
    double fullSpreadRounds() {
        return spreadRounds() + Math.log(n) / config.gossip().fanout();
    }

    /**
     * An eager push wave over a network whose one-way latency is at most {@code maxLatencyMillis}:
     * pushed at once, a rumor spreads as with rounds of zero length, so it needs about
     * {@link #fullSpreadRounds()} hops (each holder pushes to at least the fanout), each costing at
     * most one latency. Twice that: 40 ms at N = 100 with 4 ms, against one interval of 200 ms.
     */
    long eagerSpreadMillis(long maxLatencyMillis) {
        return 2 * (long) Math.ceil(fullSpreadRounds()) * maxLatencyMillis;
    }

    long disseminationMillis() {
        return (long) Math.ceil(fullSpreadRounds() * gossipMillis());
    }

    long suspicionMinMillis() {
        return (long) (config.failureDetection().suspicionMultiplier() * Math.max(1.0, Math.log10(n + 1.0)) * probeMillis());
    }

    /** The shortest suspicion timeout: half the minimum, once k + 3 independent confirmations arrived (Lifeguard on). */
    long suspicionFloorMillis() {
        return config.failureDetection().lifeguard() ? suspicionMinMillis() / 2 : suspicionMinMillis();
    }

    long suspicionMaxMillis() {
        return config.failureDetection().lifeguard()
                ? suspicionMinMillis() * config.failureDetection().suspicionMaxTimeoutMultiplier() : suspicionMinMillis();
    }

    /**
     * Periods until at least one of the other members has probed a given member, with probability
     * {@code 1 - 1e-4}: each period each of N-1 members probes one of its N-1 peers, so the chance that
     * nobody picks this one is about {@code e^-1} per period (and 0 after a full round-robin of N periods).
     */
    int periodsUntilProbed() {
        return (int) Math.min(n, Math.ceil(Math.log(1e4)));
    }

    /** Crash to "dead at every member" when confirmations shrink the suspicion timeout to its minimum. */
    long detectionMillis() {
        return periodsUntilProbed() * probeMillis() + probeMillis() + suspicionMinMillis() + 2 * disseminationMillis();
    }

    /** The same with the longest (unconfirmed) suspicion timeout: the worst the design allows. */
    long detectionWorstMillis() {
        return periodsUntilProbed() * probeMillis() + probeMillis() + suspicionMaxMillis() + 2 * disseminationMillis();
    }

    /**
     * The worst case when the detecting side is itself degraded (a minority partition): Lifeguard stretches
     * its probe interval up to {@code awarenessMaxMultiplier} times, on top of the unconfirmed suspicion.
     */
    long detectionWorstDegradedMillis() {
        long stretch = config.failureDetection().lifeguard() ? config.failureDetection().awarenessMaxMultiplier() : 1;
        return periodsUntilProbed() * probeMillis() * stretch + probeMillis() + suspicionMaxMillis()
                + 2 * disseminationMillis();
    }

    /**
     * Until the first member reaches across a healed partition: every member syncs with a random
     * member it holds dead about once per push-pull interval, each at its own random phase, so the
     * chance that none of the n did so within t is about {@code (1 - t/T)^n <= e^(-n t / T)}; below
     * 1e-4 for {@code t = T ln(1e4) / n}.
     */
    long firstReconnectMillis() {
        return (long) Math.ceil(config.antiEntropy().pushPullInterval().toMillis() * Math.log(1e4) / n);
    }

    /**
     * A healed partition until every member sees every member alive: the first reconnect across;
     * then each member learns that the far side holds it dead (from that sync's claims, gossiped, or a
     * ping from a member that saw someone come back: a period and a dissemination); its refutation
     * spreads (a dissemination); and a member that missed a refutation pings the members it still
     * doubts, one per period, so two periods settle the last few.
     */
    long healMillis() {
        return firstReconnectMillis() + (probeMillis() + disseminationMillis()) + disseminationMillis() + 2 * probeMillis();
    }

    /**
     * Lifeguard's k (the confirmations a suspicion expects: suspicionMultiplier - 2, as memberlist)
     * plus the three further confirmations after which the core's timeout reaches its floor.
     */
    int strongConfirmations() {
        return config.failureDetection().suspicionMultiplier() - 2 + 3;
    }

    /**
     * A crash in a formed cluster until every member holds it dead, on the fast path confirmations
     * make: a period until someone probes it (about one prober per period), a period for that probe
     * to fail, one period per strong confirmation (each needs another member's failed probe, about
     * one per period), then two disseminations of the death. The path a typical seed takes, not a
     * worst case: a seed whose first prober comes late can take a period or two more.
     */
    long crashDetectionMillis() {
        return (strongConfirmations() + 2) * probeMillis() + 2 * disseminationMillis();
    }

    /** The typical detection time: probed within one period on average, minimum suspicion, one dissemination. */
    long detectionTypicalMillis() {
        return probeMillis() + probeMillis() + suspicionMinMillis() + disseminationMillis();
    }

    /** The delay before join attempt {@code attempt + 1} (no jitter): joinRetryInitial doubling up to joinRetryMax. */
    long joinRetryDelayMillis(int attempt) {
        long initial = config.lifecycle().joinRetryInitial().toMillis();
        return Math.min(config.lifecycle().joinRetryMax().toMillis(), initial << Math.min(20, attempt - 1));
    }

    /**
     * A join is one reliable exchange with the seed (request and response), so under a reliable failure
     * rate p an attempt fails with {@code q = 1 - (1 - p)^2} and a joiner waits the retry delays of its
     * failed attempts. The expected wait of the slowest of the n joiners:
     * {@code sum over k of delay(k) x P(some joiner fails k times in a row)}, with
     * {@code P = 1 - (1 - q^k)^n}; the delays at their nominal value (the +-20 % jitter averages out).
     */
    long expectedSlowestJoinMillis(double reliableFailureRate) {
        double q = 1 - (1 - reliableFailureRate) * (1 - reliableFailureRate);
        double expected = 0;
        for (int k = 1; k <= 64; k++) {
            expected += joinRetryDelayMillis(k) * (1 - Math.pow(1 - Math.pow(q, k), n));
        }
        return (long) Math.ceil(expected);
    }

    /**
     * The longest join wait to expect among {@code joiners} joins (all seeds of a sweep together): the
     * number of failed attempts k with {@code joiners x q^k <= 1}, their retry delays at the top of the
     * jitter (+20 %).
     */
    long slowestJoinMillis(double reliableFailureRate, int joiners) {
        double q = 1 - (1 - reliableFailureRate) * (1 - reliableFailureRate);
        int k = (int) Math.ceil(Math.log(joiners) / Math.log(1 / q));
        long total = 0;
        for (int i = 1; i <= k; i++) {
            total += joinRetryDelayMillis(i);
        }
        return total + total / 5;
    }

    /**
     * The expected wait for the first reconnect across a healed cut when every one of the n members
     * has a dead member on the other side to sync with: the first of n independent phases spread over a
     * push-pull interval, {@code T / (n + 1)} (where {@link #firstReconnectMillis} is its 1e-4 tail).
     */
    long expectedFirstReconnectMillis() {
        return config.antiEntropy().pushPullInterval().toMillis() / (n + 1);
    }

    /** {@link #healMillis} with the expected first reconnect instead of its tail: what a mean over seeds should stay under. */
    long expectedHealMillis() {
        return healMillis() - firstReconnectMillis() + expectedFirstReconnectMillis();
    }

    /**
     * A crash in a small cluster (N - 2 below Lifeguard's k + 3, so the floor is out of reach) until
     * every member holds it dead. The minimum suspicion timeout applies once k survivors have confirmed
     * with failed probes of their own; each survivor probes its peers round-robin in an order shuffled
     * every round, so one that had just probed the crashed node probes it again at most 2(N - 1) - 1
     * periods later, and its probe fails within one more period. So: the later of those 2(N - 1)
     * periods and the first suspicion (two periods) plus the minimum timeout, then two disseminations.
     */
    long smallClusterCrashDetectionMillis() {
        return Math.max(2L * (n - 1) * probeMillis() + probeMillis(), 2 * probeMillis() + suspicionMinMillis())
                + 2 * disseminationMillis();
    }
}

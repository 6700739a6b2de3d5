package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static io.pekonode.testkit.sim.SimClusters.allSee;
import static io.pekonode.testkit.sim.SimClusters.divergence;
import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.quiesce;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Resilience in the simulator: a node cut off for ten minutes comes back, a flapping link does not make
 * the cluster churn without bound, and a node left alone (its peers all restarted, or it is the first
 * seed and restarted) finds its way back into the cluster. Bounds come from the configuration.
 */
class ResilienceSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final int N = 10;

    /**
     * After a partition heals, some node's periodic contact with a dead member (every pushPullInterval)
     * crosses the cut; the refutation and the other side's view then spread by gossip: one reconnect
     * interval, plus a probe period and a dissemination on each of the two hops.
     */
    private static long rejoinBoundMillis(ClusterConfig config, int n) {
        ProtocolBounds bounds = new ProtocolBounds(config, n);
        return config.antiEntropy().pushPullInterval().toMillis() + 2 * (bounds.probeMillis() + bounds.disseminationMillis());
    }

    /**
     * A node cut off for ten minutes, over 8 seeds: both sides declare each other dead, and once the
     * link returns every member's steady reconnect (one sync with a dead member per push-pull interval,
     * at its own phase) crosses, so the first of the N syncs comes after {@code T / (N + 1)} on average.
     * The worst seed is held to {@link ProtocolBounds#healMillis} (that first sync's 1e-4 tail, 31.6 s
     * here: a single seed can take that long by chance, so it cannot catch a slowdown), and the mean of
     * the seeds to {@link ProtocolBounds#expectedHealMillis} (6.7 s; measured mean 2.6 s, seeds 601-608),
     * which a 2x slower rejoin exceeds.
     */
    @Test
    void aNodeIsolatedForTenMinutesIsDeclaredDeadAndRejoinsWithinTheReconnectBound(TestReporter reporter) {
        ProtocolBounds bounds = new ProtocolBounds(LAN, N);
        long[] declaredDead = new long[1];
        SeedSweep.Results rejoins = SeedSweep.run(ResilienceSimTest.class,
                "aNodeIsolatedForTenMinutesIsDeclaredDeadAndRejoinsWithinTheReconnectBound", 601, seed -> {
                    Simulation sim = sim(seed, LAN, N);
                    List<SimNode> nodes = form(sim, N);
                    quiesce(sim, 60_000);
                    SimNode lonely = nodes.get(6);
                    List<SimNode> rest = new ArrayList<>(nodes);
                    rest.remove(lonely);

                    long cutAt = sim.now();
                    sim.network().isolate(lonely);
                    assertTrue(sim.runUntil(() -> allSee(sim, rest, List.of(lonely), MemberState.DEAD)
                                    && allSee(sim, List.of(lonely), rest, MemberState.DEAD), bounds.detectionWorstDegradedMillis()),
                            "both sides declare the other dead within " + bounds.detectionWorstDegradedMillis() + " ms");
                    declaredDead[0] = Math.max(declaredDead[0], sim.now() - cutAt);
                    sim.runFor(10 * 60_000 - (sim.now() - cutAt));

                    long healedAt = sim.now();
                    sim.network().heal();
                    boolean rejoined = sim.runUntil(sim.views()::convergedAlive, bounds.healMillis());
                    assertTrue(rejoined, () -> "the isolated node is not alive everywhere " + bounds.healMillis()
                            + " ms after the link returned: " + divergence(sim));
                    assertTrue(SimClusters.coreTablesAgree(sim), "every core's own table agrees");
                    return sim.now() - healedAt;
                });
        long mean = (long) rejoins.outcomes().stream().mapToLong(SeedSweep.Outcome::value).average().orElseThrow();
        report(reporter, "isolate10min.n10.declaredDeadWorstMillis", declaredDead[0]);
        report(reporter, "isolate10min.n10.rejoinMillis", rejoins);
        report(reporter, "isolate10min.n10.rejoinMeanMillis", mean);
        report(reporter, "isolate10min.n10.meanBoundMillis", bounds.expectedHealMillis());
        assertTrue(mean <= bounds.expectedHealMillis(), "rejoining took " + mean + " ms on average, over the expected "
                + bounds.expectedHealMillis() + " ms; all: " + rejoins + "\n  replay the worst: " + rejoins.replayWorst());
    }

    @Test
    void aLinkFlappingTwoSecondsUpTwoSecondsDownCausesBoundedChurnAndTheClusterConvergesAfter(TestReporter reporter) {
        Simulation sim = sim(602, LAN, N);
        List<SimNode> nodes = form(sim, N);
        quiesce(sim, 60_000);
        SimNode flapper = nodes.get(3);
        EventRecorder churn = sim.recordEvents(e -> e instanceof ClusterEvent.MemberSuspected
                || e instanceof ClusterEvent.MemberFailed || e instanceof ClusterEvent.MemberJoined
                || e instanceof ClusterEvent.MemberRecovered);

        int minutes = 12;
        long start = sim.now();
        long flapEnd = start + minutes * 60_000L;
        for (long t = 0; t < minutes * 60_000L; t += 4_000) {
            sim.schedule(t, () -> sim.network().isolate(flapper));
            sim.schedule(t + 2_000, () -> sim.network().heal());
        }
        sim.runFor(minutes * 60_000L);
        sim.network().heal();

        long[] perMinute = new long[minutes];
        for (SimEvent e : churn.events()) {
            if (e.timeMillis() >= start && e.timeMillis() < flapEnd) {
                perMinute[(int) ((e.timeMillis() - start) / 60_000)]++;
            }
        }
        // Worst case the design allows: each 4 s cycle, every one of the N-1 others suspects and then
        // recovers (or fails and rejoins) the flapper, and the flapper does the same for each of them.
        long flapsPerMinute = 60_000 / 4_000;
        long bound = flapsPerMinute * 4L * (N - 1);
        long firstThird = 0;
        long lastThird = 0;
        for (int m = 0; m < minutes; m++) {
            report(reporter, "flap2s.n10.eventsMinute" + (m + 1), perMinute[m]);
            assertTrue(perMinute[m] <= bound, "minute " + (m + 1) + ": " + perMinute[m] + " events, over " + bound);
            firstThird += m < minutes / 3 ? perMinute[m] : 0;
            lastThird += m >= minutes - minutes / 3 ? perMinute[m] : 0;
        }
        // Not growing: the last third of the run churns at most 1.5x the first third (measured: about
        // 1.2x, flat at ~300 a minute over a 24-minute run; per-minute counts vary by +-30 %).
        assertTrue(2 * lastThird <= 3 * firstThird, "churn grows over time: first third " + firstThird
                + ", last third " + lastThird);
        report(reporter, "flap2s.n10.boundPerMinute", bound);
        for (Class<? extends ClusterEvent> type : List.of(ClusterEvent.MemberSuspected.class, ClusterEvent.MemberFailed.class,
                ClusterEvent.MemberJoined.class, ClusterEvent.MemberRecovered.class)) {
            report(reporter, "flap2s.n10.total." + type.getSimpleName(), churn.count(type));
        }

        long convergeBound = rejoinBoundMillis(LAN, N);
        long stoppedAt = sim.now();
        boolean converged = sim.runUntil(sim.views()::convergedAlive, 4 * convergeBound);
        report(reporter, "flap2s.n10.convergedAfterMillis", sim.now() - stoppedAt);
        assertTrue(converged, () -> "the cluster converges once the link is stable: " + divergence(sim));
        assertTrue(sim.now() - stoppedAt <= convergeBound, "converged after " + (sim.now() - stoppedAt)
                + " ms, over " + convergeBound);
    }

    /**
     * A node joined through its seed; then every other node went away for longer than the dead-member
     * retention (so it forgot them) and came back as fresh installs that formed a cluster again through
     * the same seed address. While alone, the node must keep retrying its configured seeds.
     */
    @Test
    void aNodeLeftAloneRejoinsThroughItsSeedsWhenTheOthersComeBack(TestReporter reporter) {
        ClusterConfig config = LAN.toBuilder().antiEntropy(ae -> ae.deadMemberRetention(Duration.ofMinutes(2))).build();
        Simulation sim = sim(603, config, N);
        List<SimNode> nodes = form(sim, 5);
        SimNode survivor = nodes.get(4);
        for (int i = 0; i < 4; i++) {
            sim.crash(nodes.get(i));
        }
        sim.runFor(5 * 60_000);
        assertTrue(survivor.activeMemberCount() == 1 && survivor.members().size() == 1,
                "the survivor is alone and has forgotten the others: " + survivor.members());

        long backAt = sim.now();
        SimNode seed = sim.restartWithNewId(nodes.get(0));
        for (int i = 1; i < 4; i++) {
            sim.restartWithNewId(nodes.get(i), seed);
        }
        // Seeds are retried with capped backoff: within one cap (plus jitter) of the others' return,
        // then a sync and the gossip of the survivor's arrival.
        long bound = (long) (config.lifecycle().joinRetryMax().toMillis() * 1.2) + 2 * new ProtocolBounds(config, 5).disseminationMillis()
                + config.failureDetection().probeInterval().toMillis();
        boolean rejoined = sim.runUntil(sim.views()::convergedAlive, 4 * bound);
        report(reporter, "aloneRejoin.n5.rejoinMillis", sim.now() - backAt);
        report(reporter, "aloneRejoin.n5.boundMillis", bound);
        assertTrue(rejoined, () -> "the survivor is back in the cluster: " + divergence(sim));
        assertTrue(sim.now() - backAt <= bound, "took " + (sim.now() - backAt) + " ms, over " + bound);
    }

    /** The first seed has no seeds of its own; restarted fresh, it must not stay an island of one. */
    @Test
    void aRestartedFirstSeedWithoutSeedsOfItsOwnIsBackInTheCluster(TestReporter reporter) {
        Simulation sim = sim(604, LAN, N);
        List<SimNode> nodes = form(sim, N);
        quiesce(sim, 60_000);
        sim.crash(nodes.get(0));
        sim.runFor(60_000);
        long backAt = sim.now();
        SimNode seed = sim.restartWithNewId(nodes.get(0));
        long bound = rejoinBoundMillis(LAN, N);
        boolean joined = sim.runUntil(sim.views()::convergedAlive, 4 * bound);
        report(reporter, "firstSeedRestart.n10.rejoinMillis", sim.now() - backAt);
        assertTrue(joined, () -> "the restarted first seed is in the cluster: " + divergence(sim));
        assertTrue(sim.now() - backAt <= bound, "took " + (sim.now() - backAt) + " ms, over " + bound);
        assertTrue(seed.activeMemberCount() == N, "it sees all " + N);
    }
}

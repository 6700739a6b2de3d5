package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static io.pekonode.testkit.sim.SimClusters.allSee;
import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Failure detection in the simulator: SWIM with Lifeguard detects crashes within the time the design predicts,
 * never fails healthy members under loss or a stall, heals partitions, and tells leaves from failures.
 * Every bound is computed from the configuration by {@link ProtocolBounds}.
 */
class FailureDetectionSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    /** Failures reported about members that never crashed or left: false positives. */
    private static long falseFailures(EventRecorder failures, Simulation sim) {
        return failures.events(ClusterEvent.MemberFailed.class).stream()
                .filter(e -> sim.nodes().stream().anyMatch(n -> n.id().equals(e.memberId()) && n.isLive()))
                .count();
    }

    @Test
    @Tag("slow")
    void crashedMemberIsMarkedDeadByEveryLiveMemberOfAThousandWithinThePredictedTime(TestReporter reporter) {
        int n = 1_000;
        Simulation sim = sim(11, LAN, n);
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        List<SimNode> nodes = form(sim, n);
        SimNode victim = nodes.get(n / 2);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);

        long crashedAt = sim.now();
        sim.crash(victim);
        boolean detected = sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD)
                == sim.views().liveObservers(), bounds.detectionWorstMillis());
        long detection = sim.now() - crashedAt;
        report(reporter, "crash1000.detectedByAllMillis", detection);
        report(reporter, "crash1000.detectedByAllPeriods", (double) detection / bounds.probeMillis());
        report(reporter, "crash1000.predictedBoundMillis", bounds.detectionMillis());
        assertTrue(detected, "not every live member marked the crashed one dead within the worst-case bound "
                + bounds.detectionWorstMillis() + " ms");
        assertTrue(detection <= bounds.detectionMillis(), "detection took " + detection + " ms, over the bound of "
                + bounds.detectionMillis() + " ms (probed within " + bounds.periodsUntilProbed() + " periods + one period"
                + " + suspicion " + bounds.suspicionMinMillis() + " ms + 2 x dissemination " + bounds.disseminationMillis() + " ms)");
        assertEquals(0, falseFailures(failures, sim), "no live member was declared failed");
    }

    /** Runs N=100 under 10 % loss for {@code periods} protocol periods; returns the false failures. */
    private static long falseFailuresUnderLoss(boolean lifeguard, long periods, long seed) {
        ClusterConfig config = LAN.toBuilder().failureDetection(fd -> fd.lifeguard(lifeguard)).build();
        Simulation sim = sim(seed, config, 100);
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        form(sim, 100);
        sim.network().lossRate(0.10);
        sim.runFor(periods * config.failureDetection().probeInterval().toMillis());
        return falseFailures(failures, sim);
    }

    /** 10 % loss everywhere (packets and the reliable path) for 1,000 periods at N = 100: no false failure on any of 8 seeds. */
    @Test
    void noHealthyMemberIsDeclaredDeadUnderTenPercentLossOnEverySeed(TestReporter reporter) {
        SeedSweep.Results falseFailures = SeedSweep.run(FailureDetectionSimTest.class,
                "noHealthyMemberIsDeclaredDeadUnderTenPercentLossOnEverySeed", 21, seed -> falseFailuresUnderLoss(true, 1_000, seed));
        report(reporter, "loss10.n100.periods1000.falseFailures", falseFailures);
        assertEquals(0, falseFailures.worst().value(), "false failures on seed " + falseFailures.worst().seed() + "; all: "
                + falseFailures + "\n  replay: " + falseFailures.replayWorst());
    }

    @Test
    @Tag("slow")
    void noHealthyMemberIsDeclaredDeadUnderTenPercentLossOverTenThousandPeriods(TestReporter reporter) {
        long on = falseFailuresUnderLoss(true, 10_000, 22);
        report(reporter, "loss10.n100.periods10000.falseFailures.lifeguardOn", on);
        assertEquals(0, on);
    }

    /**
     * What Lifeguard is for: a member whose own links are bad (60 % loss on all of them, as an
     * overloaded or badly connected host) fails its probes of healthy members and accuses them. With
     * Lifeguard its local health score stretches its probe interval and timeouts and it accuses far
     * fewer; without, it keeps accusing at full rate. Counted: the degraded member's failed probes,
     * each an accusation of a healthy member (a suspicion or a confirmation), over 300 periods at N = 50.
     */
    @Test
    void lifeguardKeepsADegradedMemberFromAccusingHealthyOnes(TestReporter reporter) {
        long on = accusationsByADegradedMember(true);
        long off = accusationsByADegradedMember(false);
        report(reporter, "degraded.n50.periods300.accusations.lifeguardOn", on);
        report(reporter, "degraded.n50.periods300.accusations.lifeguardOff", off);
        assertTrue(off > 0, "without Lifeguard the degraded member does accuse healthy ones");
        assertTrue(2 * on <= off, "Lifeguard at most halves the degraded member's accusations: " + on + " with, " + off + " without");
    }

    private static long accusationsByADegradedMember(boolean lifeguard) {
        ClusterConfig config = LAN.toBuilder().failureDetection(fd -> fd.lifeguard(lifeguard)).build();
        Simulation sim = sim(71, config, 50);
        List<SimNode> nodes = form(sim, 50);
        SimClusters.quiesce(sim, 120_000);
        SimNode degraded = nodes.get(7);
        for (SimNode other : nodes) {
            if (other != degraded) {
                sim.network().linkLoss(degraded, other, 0.6);
            }
        }
        long before = degraded.core().stats().get(io.pekonode.engine.core.CoreStats.Counter.PROBES_FAILED);
        sim.runFor(300 * config.failureDetection().probeInterval().toMillis());
        return degraded.core().stats().get(io.pekonode.engine.core.CoreStats.Counter.PROBES_FAILED) - before;
    }

    /**
     * A member stalls (a GC pause) until someone suspects it, which round-robin probing makes certain
     * within 2(N - 1) periods rather than leaving it to chance, and for at least 5 s; then it runs
     * again. It must refute: a higher incarnation, seen alive by everyone, and nobody declared failed.
     */
    @Test
    void aMemberStalledUntilSuspectedRefutesAndIsNotDeclaredDead(TestReporter reporter) {
        Simulation sim = sim(31, LAN, 100);
        EventRecorder events = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed
                || e instanceof ClusterEvent.MemberSuspected || e instanceof ClusterEvent.MemberRecovered);
        List<SimNode> nodes = form(sim, 100);
        SimNode stalled = nodes.get(37);
        long incarnation = stalled.localMember().incarnation();
        long stalledAt = sim.now();
        sim.freeze(stalled);
        long probedBy = 2L * (100 - 1) * LAN.failureDetection().probeInterval().toMillis();
        assertTrue(sim.runUntil(() -> !events.events(ClusterEvent.MemberSuspected.class, stalled.id()).isEmpty(), probedBy),
                "someone suspects the stalled member within " + probedBy + " ms");
        sim.runFor(Math.max(0, 5_000 - (sim.now() - stalledAt)));
        assertEquals(List.of(), events.events(ClusterEvent.MemberFailed.class), "not declared failed while stalled");
        long stalledFor = sim.now() - stalledAt;
        sim.thaw(stalled);
        assertTrue(sim.runUntil(sim.views()::convergedAlive, 60_000), "everyone sees the stalled member alive again");
        sim.runFor(60_000);
        long suspicions = events.events(ClusterEvent.MemberSuspected.class, stalled.id()).size();
        report(reporter, "stall5s.stalledMillis", stalledFor);
        report(reporter, "stall5s.suspectedBy", suspicions);
        report(reporter, "stall5s.refutations", stalled.core().stats().refutations());
        assertEquals(List.of(), events.events(ClusterEvent.MemberFailed.class), "nobody was declared failed");
        assertTrue(stalled.core().stats().refutations() > 0, "the suspected member refuted once it ran again");
        assertTrue(stalled.localMember().incarnation() > incarnation, "with a higher incarnation");
        for (SimNode other : nodes) {
            if (other != stalled) {
                assertEquals(stalled.localMember().incarnation(), other.member(stalled.id()).orElseThrow().incarnation(),
                        other.id() + " holds the refutation");
            }
        }
    }

    /** Each side of a 60/40 cut must see the other dead within this: the protocol's stated partition-detection goal. */
    private static final long PARTITION_DETECTION_MILLIS = 30_000;

    /**
     * A 60/40 partition at N = 100, over {@link SeedSweep#DEFAULT_SEEDS} seeds: each side fails the other
     * within 30 s (measured 11.6-22.0 s; twice the mean of the slower side would exceed it), nobody is
     * reported as having left, and once the cut heals every member sees every member alive within
     * {@link ProtocolBounds#healMillis()} (7.7 s here; measured 3.4-5.5 s over 32 seeds). The worst seed
     * counts: a regression that healed 3 of 8 seeds in 18-26 s once passed a single-seed test.
     */
    @Test
    void aSixtyFortyPartitionFailsTheOtherSideAndHealsWithinTheBoundOnEverySeed(TestReporter reporter) {
        ProtocolBounds bounds = new ProtocolBounds(LAN, 100);
        SeedSweep.Results heals = SeedSweep.run(FailureDetectionSimTest.class,
                "aSixtyFortyPartitionFailsTheOtherSideAndHealsWithinTheBoundOnEverySeed", 41,
                seed -> partitionThenHeal(seed, bounds));
        report(reporter, "partition60_40.healedMillis", heals);
        report(reporter, "partition60_40.healBoundMillis", bounds.healMillis());
        assertTrue(heals.worst().value() <= bounds.healMillis(), "healing took " + heals.worst().value() + " ms on seed "
                + heals.worst().seed() + ", over the bound of " + bounds.healMillis() + " ms (first reconnect "
                + bounds.firstReconnectMillis() + " ms + a period and two disseminations + two periods); all seeds: " + heals
                + "\n  replay: " + heals.replayWorst());
    }

    /** Cuts a formed cluster 60/40 for 30 s, heals it; returns the ms until all see all alive again. */
    private static long partitionThenHeal(long seed, ProtocolBounds bounds) {
        Simulation sim = sim(seed, LAN, 100);
        EventRecorder left = sim.recordEvents(e -> e instanceof ClusterEvent.MemberLeft);
        List<SimNode> nodes = form(sim, 100);
        // Let one full probe round pass: right after a mass join, members that joined late are missing
        // from most nodes' current round-robin and are probed rarely until the next round.
        sim.runFor(100 * LAN.failureDetection().probeInterval().toMillis());
        List<SimNode> sixty = nodes.subList(0, 60);
        List<SimNode> forty = nodes.subList(60, 100);
        sim.network().partition(sixty, forty);
        sim.runFor(PARTITION_DETECTION_MILLIS);
        // Each side marks the other dead within 30 s. The minority side used to lag (2,237/2,400
        // here, done after ~40 s): its relays across the cut sent no nacks, Lifeguard counted each missing
        // nack against its own health and stretched its probe interval, and a third of its gossip went
        // to members it could not reach (see bench/results/2026-11-22-simulator.md, "Protocol changes of c1ca201").
        assertEquals(2400, count(sim, sixty, forty, MemberState.DEAD), "the 60 side sees all 40 dead within 30 s");
        assertEquals(2400, count(sim, forty, sixty, MemberState.DEAD), "the 40 side sees all 60 dead within 30 s");
        assertTrue(allSee(sim, sixty, sixty, MemberState.ALIVE) && allSee(sim, forty, forty, MemberState.ALIVE),
                "each side still sees its own members alive");

        long healedAt = sim.now();
        sim.network().heal();
        // Run on to twice the bound so a slow seed reports its real time, not just "over".
        boolean healed = sim.runUntil(sim.views()::convergedAlive, 2 * bounds.healMillis());
        assertTrue(healed, "not every node sees all 100 alive " + (sim.now() - healedAt) + " ms after healing: "
                + SimClusters.divergence(sim));
        assertEquals(0, left.events().size(), "a partition is never reported as a leave");
        return sim.now() - healedAt;
    }

    private static int count(Simulation sim, List<SimNode> observers, List<SimNode> targets, MemberState state) {
        int count = 0;
        for (SimNode o : observers) {
            for (SimNode t : targets) {
                count += sim.views().state(o, t.id()) == state ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void gracefulLeaveReachesEveryMemberAsLeftNeverAsFailed(TestReporter reporter) {
        int n = 200;
        Simulation sim = sim(51, LAN, n);
        EventRecorder events = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed || e instanceof ClusterEvent.MemberLeft);
        List<SimNode> nodes = form(sim, n);
        SimClusters.quiesce(sim, 120_000);
        SimNode leaver = nodes.get(77);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);

        long leftAt = sim.now();
        leaver.leave();
        assertTrue(sim.runUntil(() -> sim.views().observersSeeing(leaver.id(), MemberState.LEFT) == sim.views().liveObservers(),
                10 * bounds.disseminationMillis()), "the leave reached everyone");
        long spread = sim.now() - leftAt;
        report(reporter, "leave200.reachAllMillis", spread);
        report(reporter, "leave200.boundMillis", 2 * bounds.disseminationMillis());
        assertTrue(spread <= 2 * bounds.disseminationMillis(), "leave took " + spread + " ms to reach all " + n);
        assertTrue(sim.runUntil(() -> leaver.core().pendingBroadcasts() == 0, 30_000), "the leaver finishes gossiping");

        sim.crash(leaver); // the process exits after leaving
        sim.runFor(120_000);
        assertEquals(n - 1, events.events(ClusterEvent.MemberLeft.class, leaver.id()).size(), "reported as left by all");
        assertEquals(List.of(), events.events(ClusterEvent.MemberFailed.class), "nobody reported a failure");
        assertEquals(n - 1, sim.views().observersSeeing(leaver.id(), MemberState.LEFT));
    }

    @Test
    void aNodeRestartedOnTheSameAddressWithANewIdReplacesItsOldEntryAtOnce(TestReporter reporter) {
        int n = 100;
        Simulation sim = sim(61, LAN, n);
        List<SimNode> nodes = form(sim, n);
        SimClusters.quiesce(sim, 120_000);
        SimNode old = nodes.get(45);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);

        sim.crash(old);
        sim.runFor(200); // a quick restart: nobody has even suspected the old process yet
        long restartedAt = sim.now();
        SimNode reborn = sim.restartWithNewId(old, nodes.get(3));
        assertNotEquals(old.id(), reborn.id());
        long bound = bounds.probeMillis() + 2 * bounds.disseminationMillis();
        boolean replaced = sim.runUntil(() -> sim.views().activeObservers(old.id()) == 0
                && sim.views().observersSeeing(reborn.id(), MemberState.ALIVE) == sim.views().liveObservers(), 10 * bound);
        report(reporter, "restartNewId100.replacedMillis", sim.now() - restartedAt);
        report(reporter, "restartNewId100.boundMillis", bound);
        assertTrue(replaced, "every node sees the new id alive and the old one gone");
        assertTrue(sim.now() - restartedAt <= bound, "no ghost: replaced in " + (sim.now() - restartedAt) + " ms, bound " + bound
                + " ms, far below the " + bounds.detectionMillis() + " ms failure detection would take");
        assertTrue(sim.views().convergedAlive());
    }

    @Test
    void aNodeRestartedWithItsIdAndAHigherIncarnationIsAliveEverywhereAtOnce(TestReporter reporter) {
        int n = 100;
        Simulation sim = sim(62, LAN, n);
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        List<SimNode> nodes = form(sim, n);
        SimClusters.quiesce(sim, 120_000);
        SimNode old = nodes.get(45);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);

        sim.crash(old);
        sim.runFor(200);
        long restartedAt = sim.now();
        SimNode again = sim.restartWithSameId(old, nodes.get(3));
        sim.runFor(bounds.detectionWorstMillis());
        report(reporter, "restartSameId100.incarnation", again.localMember().incarnation());
        assertTrue(again.localMember().incarnation() > old.localMember().incarnation());
        assertTrue(sim.views().convergedAlive(), "the restarted node is alive everywhere");
        assertEquals(0, failures.events(ClusterEvent.MemberFailed.class, again.id()).stream()
                .filter(e -> e.timeMillis() >= restartedAt).count(), "its restart is never taken for a failure");
    }
}

package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.engine.core.CoreStats;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * A refused connection as proof of a crash, at N = 100 over {@link SeedSweep#DEFAULT_SEEDS} seeds. A
 * killed process's host refuses connects to its port; a host that is gone, a paused process and a
 * partition do not. So a killed process is declared dead about one period after its first failed
 * probe, while every other failure still goes through the suspicion, whose timeout is what a pause
 * survives.
 */
class RefusedConnectionSimTest {

    private static final int N = 100;
    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final ClusterConfig REFUSALS_IGNORED = LAN.toBuilder()
            .failureDetection(fd -> fd.failOnConnectionRefused(false)).build();

    /**
     * Kill to dead everywhere: the first probe of the victim comes within about a period, that probe
     * ends one period later with the refusal heard, and the death spreads like any news. Bounded here
     * by 4 s, the minimum suspicion timeout alone at N = 100 (measured 1.6-3.3 s); a crashed host
     * still takes the suspicion path, and so does a killed process when refusals are ignored.
     */
    @Test
    void aKilledProcessIsDeclaredDeadEverywhereWithoutWaitingOutASuspicion() {
        SeedSweep.Results killed = SeedSweep.run(getClass(), "aKilledProcessIsDeclaredDeadEverywhereWithoutWaitingOutASuspicion",
                1, seed -> crashSeenByAll(seed, LAN, Simulation::crash, true));
        SeedSweep.Results hostGone = SeedSweep.run(getClass(), "aKilledProcessIsDeclaredDeadEverywhereWithoutWaitingOutASuspicion",
                1, seed -> crashSeenByAll(seed, LAN, Simulation::crashHost, false));
        SeedSweep.Results ignored = SeedSweep.run(getClass(), "aKilledProcessIsDeclaredDeadEverywhereWithoutWaitingOutASuspicion",
                1, seed -> crashSeenByAll(seed, REFUSALS_IGNORED, Simulation::crash, false));
        System.out.printf("[sim] refused kill: %s%n[sim] host gone: %s%n[sim] refusals ignored: %s%n", killed, hostGone, ignored);

        long median = median(killed);
        assertTrue(median <= 2_500, "a killed process is dead everywhere within 2.5 s (median): " + killed);
        long fastestSuspicionPath = Math.min(best(hostGone), best(ignored));
        assertTrue(killed.worst().value() < fastestSuspicionPath, "the slowest refused kill (" + killed.worst().value()
                + " ms) beats the fastest crash that went through a suspicion (" + fastestSuspicionPath + " ms)"
                + "\n  replay: " + killed.replayWorst());
    }

    /**
     * A process paused for 5 s (about the longest the suspicion lets a pause last at N = 100) keeps its
     * port: nothing refuses, nobody declares it dead, and it refutes the suspicion once it runs again.
     */
    @Test
    void aPausedProcessIsNeverRefusedAndSurvivesItsSuspicion() {
        SeedSweep.Results falseFailures = SeedSweep.run(getClass(), "aPausedProcessIsNeverRefusedAndSurvivesItsSuspicion", 1,
                seed -> {
                    Simulation sim = sim(seed, LAN, N);
                    EventRecorder failed = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
                    List<SimNode> nodes = form(sim, N);
                    SimNode paused = nodes.get(37);
                    sim.freezeFor(paused, 5_000);
                    assertTrue(sim.runUntil(sim.views()::convergedAlive, 60_000), "all alive after the pause");
                    assertEquals(0, sim.refusalsHeard(), "a paused process refuses nothing");
                    return failed.events().size();
                });
        assertEquals(0, falseFailures.worst().value(), "nobody declared dead: " + falseFailures);
    }

    /** Virtual ms from the crash until every live member holds the victim dead. */
    private static long crashSeenByAll(long seed, ClusterConfig config, BiConsumer<Simulation, SimNode> crash,
                                       boolean expectRefusals) {
        Simulation sim = sim(seed, config, N);
        EventRecorder failed = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        List<SimNode> nodes = form(sim, N);
        SimNode victim = nodes.get(N / 2);
        long crashedAt = sim.now();
        crash.accept(sim, victim);
        assertTrue(sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD)
                == sim.views().liveObservers(), 60_000), "every live member sees the victim dead within 60 s");
        long seenByAll = sim.now() - crashedAt;
        long refusedDeaths = nodes.stream().filter(SimNode::isLive)
                .mapToLong(n -> n.core().stats().get(CoreStats.Counter.PROBES_REFUSED)).sum();
        assertEquals(expectRefusals, refusedDeaths > 0, "declared dead on a refusal: " + refusedDeaths + " times");
        assertTrue(failed.events(ClusterEvent.MemberFailed.class).stream().allMatch(e -> e.memberId().equals(victim.id())),
                "only the victim was declared dead: " + failed.events());
        return seenByAll;
    }

    private static long median(SeedSweep.Results results) {
        long[] values = results.outcomes().stream().mapToLong(SeedSweep.Outcome::value).sorted().toArray();
        return values[(values.length - 1) / 2];
    }

    private static long best(SeedSweep.Results results) {
        return results.outcomes().stream().mapToLong(SeedSweep.Outcome::value).min().orElseThrow();
    }
}

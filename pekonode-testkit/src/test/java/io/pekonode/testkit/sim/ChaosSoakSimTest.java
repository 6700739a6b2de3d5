package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.config.ClusterConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The chaos soak in the simulator: a third of the cluster lost at once and a rolling restart, then a
 * seeded schedule of overlapping faults (crashes and restarts from the last save, pauses, partitions of
 * halves, an isolated node, a bridge node, lossy nodes, leaves and rejoins, rolling restarts), then
 * global loss, while a client writes through random nodes; see {@link ChaosSoak} for the
 * invariants. Deterministic per seed: a failure prints the seed, the schedule and the command that
 * replays it.
 *
 * <p>Sizes: see {@link #plan}; {@code -Dpekonode.soak.seed=S} picks the seed.
 */
class ChaosSoakSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    static final long DEFAULT_SEED = 18;

    /**
     * The default run is sized for CI: a third of the nodes down for 20 s, 10 nodes restarted one by
     * one, 30 s of mixed faults of up to 8 s (shorter than the suspicion timeout, so partitions raise
     * suspicions, not a death storm of N^2/2 declarations), 10 s of 20 % loss. The full run
     * ({@code -Dpekonode.soak.full=true}) has ten minutes of mixed faults, restarts every node and keeps
     * 20 % loss for an hour; the large run ({@code -Dpekonode.soak.large=true}) is the default one at
     * N = 10,000.
     */
    static ChaosSchedule.Plan plan(boolean full, boolean large) {
        int n = Integer.getInteger("pekonode.soak.n", large ? 10_000 : 1_000);
        if (full) {
            return new ChaosSchedule.Plan(n, 600_000, 15_000, 2_000, 60_000, 30_000, 60_000, n, 1_000, 500, 3_600_000, 0.2);
        }
        return new ChaosSchedule.Plan(n, 30_000, 4_000, 2_000, 8_000, 5_000, 20_000, 10, 1_500, 500, 10_000, 0.2);
    }

    static ChaosSchedule.Plan defaultPlan(boolean large) {
        return plan(Boolean.getBoolean("pekonode.soak.full"), large);
    }

    static ChaosSoak.Settings settings() {
        return new ChaosSoak.Settings(LAN, 250, 500, 0.1);
    }

    @Test
    void theClusterKeepsItsGuaranteesThroughASeededScheduleOfOverlappingFaults(TestReporter reporter) {
        boolean large = Boolean.getBoolean("pekonode.soak.large");
        long seed = Long.getLong("pekonode.soak.seed", DEFAULT_SEED);
        ChaosSchedule schedule = ChaosSchedule.generate(defaultPlan(large), seed);
        ChaosSoak.Result result = new ChaosSoak(schedule, settings()).run();
        String prefix = "chaos.n" + schedule.plan().n() + ".";
        for (Map.Entry<String, Object> figure : result.figures().entrySet()) {
            report(reporter, prefix + figure.getKey(), figure.getValue());
        }
        assertTrue(result.passed(), () -> String.join("\n", result.violations()) + "\n\n" + schedule.describe()
                + "\n\nreplay: mvn -B -o -pl pekonode-testkit -am verify -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dtest=ChaosSoakSimTest -Dpekonode.soak.seed=" + seed + (large ? " -Dpekonode.soak.large=true" : "")
                + (Boolean.getBoolean("pekonode.soak.full") ? " -Dpekonode.soak.full=true" : ""));
        // A schedule whose faults touch every node all the time would pass the no-false-death check vacuously.
        long checked = ((Number) result.figures().get("falseDeathCheckedSeconds")).longValue();
        assertTrue(checked > 0, "the no-false-death check had no two untouched nodes to watch at any moment");
    }

    @Test
    void theScheduleIsTheSameForTheSameSeedAndKeepsItsRules() {
        ChaosSchedule.Plan plan = plan(true, false);
        ChaosSchedule a = ChaosSchedule.generate(plan, 5);
        assertEquals(a, ChaosSchedule.generate(plan, 5), "same seed, same schedule");
        assertTrue(!a.equals(ChaosSchedule.generate(plan, 6)), "another seed, another schedule");
        for (ChaosFault f : a.faults()) {
            long length = f.endMillis() - f.startMillis();
            if (f.kind() != ChaosFault.Kind.ROLLING_RESTART && f.kind() != ChaosFault.Kind.GLOBAL_LOSS
                    && f.kind() != ChaosFault.Kind.ZONE_OUTAGE) {
                assertTrue(length <= plan.maxFaultMillis(), () -> f + " lasts over the heal bound");
            }
        }
        // Never more than a third down: sweep every fault start.
        for (ChaosFault at : a.faults()) {
            int down = 0;
            for (ChaosFault f : a.faults()) {
                if (f.startMillis() <= at.startMillis() && at.startMillis() < f.endMillis()) {
                    down += f.downAtOnce();
                }
            }
            int finalDown = down;
            assertTrue(down <= plan.n() / 3, () -> finalDown + " down at " + at);
        }
        assertTrue(a.faults().stream().map(ChaosFault::kind).distinct().count() >= 9, () -> "every kind drawn: " + a.describe());
    }
}

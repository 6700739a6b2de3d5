package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.consensus.Lease;
import io.pekonode.consensus.node.ConsensusSim.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Clocks that jump: every node's clock reading carries its own offset from virtual time, and offsets jump
 * forward and back by seconds during the run (virtual time itself, and so the real order of events, is
 * untouched). Map histories must stay linearizable and a lock must never be held under two fencing tokens
 * at once, whichever node's clock jumps: the holder's, the leader's or a bystander's.
 */
class ClockJumpSimTest {

    @Test
    void clockJumpsOnAnyNodeKeepTheMapLinearizableAndLocksSafe() {
        List<String> failures = new ArrayList<>();
        int ops = 0;
        int grants = 0;
        long[] seeds = FaultRun.seeds(FaultRun.SEEDS);
        for (long seed : seeds) {
            FaultRun run = new FaultRun(seed, ConsensusSimTest.CONFIG, 3, 0, 2);
            try {
                // Every node's reading starts at its own origin, up to a minute apart (a monotonic clock is never negative).
                run.sim.nodes().forEach(n -> n.jumpClock(10_000 + run.sim.random().nextInt(60_000)));
                run.run(6_000, 4_000, end -> {
                    ConsensusSimTest.scheduleFaults(run.sim, end, 700, 1500);
                    scheduleClockJumps(run.sim, end);
                });
                List<String> f = run.failures(seed);
                if (!f.isEmpty()) {
                    failures.addAll(f);
                    failures.add(FaultRun.replay(getClass(), "clockJumpsOnAnyNodeKeepTheMapLinearizableAndLocksSafe", seed));
                }
                ops += run.checkedHistory().size();
                grants += run.grants.size();
            } finally {
                run.close();
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        assertTrue(ops > seeds.length * 10 && grants > seeds.length * 2, "too little to judge: " + ops
                + " operations, " + grants + " lock grants");
    }

    /** Every 150 to 750 ms until {@code end}, one node's clock jumps 0.5 to 4 s forward or back. */
    static void scheduleClockJumps(ConsensusSim sim, long end) {
        sim.post(150 + sim.random().nextInt(600), new Runnable() {
            @Override
            public void run() {
                if (sim.now() >= end) {
                    return;
                }
                Node n = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
                long by = 500 + sim.random().nextInt(3500);
                n.jumpClock(sim.random().nextBoolean() || n.clockOffset + sim.now() < by ? by : -by);
                sim.post(150 + sim.random().nextInt(600), this);
            }
        });
    }

    @Test
    void theLeadersClockJumpingForwardDoesNotHandTheLockToASecondHolder() {
        assertSecondHolderWaits(true, 3_000);
    }

    @Test
    void theHoldersClockJumpingBackDoesNotKeepItsLeaseValidAfterTheLockMovedOn() {
        assertSecondHolderWaits(false, -3_000);
    }

    /**
     * A holder takes the lock and keeps it renewed; then the leader's or the holder's clock jumps by
     * {@code jump} while a second client waits for the lock. Whenever the second client gets it, the first
     * lease must already be invalid.
     */
    private static void assertSecondHolderWaits(boolean leadersClock, long jump) {
        FaultRun run = new FaultRun(41, ConsensusSimTest.CONFIG, 3, 0, 2);
        try {
            ConsensusSim sim = run.sim;
            assertTrue(sim.runUntil(() -> FaultRun.leader(sim).isPresent(), 10_000));
            sim.runFor(ConsensusSimTest.CONFIG.lockTtl().toMillis() + 100);
            Node leader = FaultRun.leader(sim).orElseThrow();
            Node holder = sim.node("n1");
            CompletableFuture<Lease> first = holder.service.lockAsync("job", Duration.ofSeconds(5));
            sim.runUntil(first::isDone, 5_000);
            Lease lease = first.join();
            sim.runFor(500);
            // The holder is cut off, so its renewals stop; its lease runs out by its own clock.
            sim.partition(holder, sim.nodes());
            sim.runFor(100);
            (leadersClock ? leader : holder).jumpClock(jump);
            CompletableFuture<Lease> second = sim.node("n2").service.lockAsync("job", Duration.ofSeconds(10));
            sim.runUntil(second::isDone, 12_000);
            assertTrue(second.isDone() && !second.isCompletedExceptionally(), "the lock was never granted again");
            // Checked the moment the grant arrived.
            assertFalse(lease.isValid(), "two valid leases: " + lease + " and " + second.join());
            assertTrue(second.join().fencingToken() > lease.fencingToken());
        } finally {
            run.close();
        }
    }
}

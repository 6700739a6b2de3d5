package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.node.ConsensusSim.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compacting log: with a snapshot every 10 entries, a voter that fell behind (restarted, cut off, or
 * whose answers were lost) catches up from the leader's snapshot, and histories under crashes, partitions
 * and loss stay linearizable with locks safe.
 */
class SnapshotCatchUpSimTest {

    static final ConsensusConfig CONFIG = ConsensusSimTest.CONFIG.toBuilder().snapshotInterval(10).build();

    @Test
    void aRestartedVoterThatMissedSnapshottedEntriesCatchesUpBySnapshot() {
        FaultRun run = new FaultRun(31, CONFIG, 3, 0, 1);
        try {
            ConsensusSim sim = run.sim;
            assertTrue(sim.runUntil(() -> FaultRun.leader(sim).isPresent(), 10_000));
            Node leader = FaultRun.leader(sim).orElseThrow();
            Node behind = sim.nodes().stream().filter(n -> n.voter && n != leader).findFirst().orElseThrow();
            MembershipFaultSimTest.writes(sim, 5);
            behind.crash();
            long version = MembershipFaultSimTest.writes(sim, 45);
            assertTrue(MembershipFaultSimTest.view(leader).snapshotIndex() >= 40, MembershipFaultSimTest.view(leader).toString());
            behind.restart();
            assertTrue(caughtUp(sim, behind, version), MembershipFaultSimTest.view(behind).toString());
            assertTrue(MembershipFaultSimTest.view(behind).installedSnapshots() >= 1, MembershipFaultSimTest.view(behind).toString());
        } finally {
            run.close();
        }
    }

    /**
     * Half the answers of one follower are lost while it takes its own snapshots: the leader's idea of its
     * progress lags, and its next append can start inside the follower's snapshot (MicroRaft 0.7 refused
     * such appends for ever; see CompactedPrefixGuard).
     */
    @Test
    void aFollowerWhoseAnswersAreLostWhileItCompactsItsLogKeepsFollowingTheLeader() {
        for (long seed = 1; seed <= 8; seed++) {
            FaultRun run = new FaultRun(seed, CONFIG, 3, 0, 1);
            try {
                ConsensusSim sim = run.sim;
                assertTrue(sim.runUntil(() -> FaultRun.leader(sim).isPresent(), 10_000));
                Node leader = FaultRun.leader(sim).orElseThrow();
                Node follower = sim.nodes().stream().filter(n -> n.voter && n != leader).findFirst().orElseThrow();
                MembershipFaultSimTest.writes(sim, 3);
                sim.loss(follower, leader, 0.5);
                for (int i = 0; i < 15; i++) {
                    MembershipFaultSimTest.writes(sim, 10);
                    sim.runFor(100);
                }
                sim.heal();
                long version = MembershipFaultSimTest.writes(sim, 5);
                assertTrue(caughtUp(sim, follower, version), "seed " + seed + ": the follower stopped following: "
                        + MembershipFaultSimTest.view(follower) + ", leader " + MembershipFaultSimTest.view(leader));
            } finally {
                run.close();
            }
        }
    }

    /** Polls stale reads at {@code node} until it applied {@code version}, for up to 5 s. */
    static boolean caughtUp(ConsensusSim sim, Node node, long version) {
        long end = sim.now() + 5_000;
        while (sim.now() < end) {
            if (MembershipFaultSimTest.read(sim, node, ReadConsistency.STALE).map(v -> v.version() >= version).orElse(false)) {
                return true;
            }
            sim.runFor(50);
        }
        return false;
    }

    @Test
    void aCompactingLogStaysLinearizableUnderCrashesPartitionsAndLoss() {
        List<String> failures = new ArrayList<>();
        long[] seeds = FaultRun.seeds(FaultRun.SEEDS);
        for (long seed : seeds) {
            FaultRun run = new FaultRun(seed, CONFIG, 3, 0, 2);
            try {
                run.run(5_000, 6_000, end -> ConsensusSimTest.scheduleFaults(run.sim, end, 400, 800));
                List<String> f = run.failures(seed);
                if (!f.isEmpty()) {
                    failures.addAll(f);
                    failures.add(FaultRun.replay(getClass(), "aCompactingLogStaysLinearizableUnderCrashesPartitionsAndLoss", seed));
                }
            } finally {
                run.close();
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }
}

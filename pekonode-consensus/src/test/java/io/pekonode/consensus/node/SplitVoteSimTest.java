package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.consensus.node.ConsensusSim.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After the leader dies, its two followers stop hearing it at the same moment, may both call an election
 * at once and split the vote. Their retries must then part: MicroRaft's own noise shrinks to a few real
 * milliseconds in our time base, so without the executor's extra delay (RaftExecutor) they retried
 * together for several rounds of an election timeout each.
 */
class SplitVoteSimTest {

    @Test
    void aLeaderIsElectedSoonAfterTheLeaderDiesEvenWhenBothFollowersCallAnElectionAtOnce() {
        long bound = 2 * ConsensusSimTest.CONFIG.electionTimeout().toMillis() + 500;
        List<String> slow = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            try (ConsensusSim sim = ConsensusSimTest.cluster(seed, 3, 0)) {
                // Every node booted at the same moment, so their heartbeat checks tick together.
                sim.latency(2, 2);
                assertTrue(sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000), "no leader, seed " + seed);
                sim.runFor(500);
                Node leader = ConsensusSimTest.leader(sim).orElseThrow();
                leader.crash();
                long crashed = sim.now();
                assertTrue(sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000), "no leader, seed " + seed);
                long took = sim.now() - crashed;
                if (took > bound) {
                    slow.add("seed " + seed + ": " + took + " ms");
                }
            }
        }
        assertTrue(slow.isEmpty(), "fail-overs over " + bound + " ms: " + slow);
    }
}

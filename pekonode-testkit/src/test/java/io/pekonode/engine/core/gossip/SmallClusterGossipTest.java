package io.pekonode.engine.core.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.sim.SimNode;
import io.pekonode.testkit.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a small cluster a metadata write must reach every node by gossip alone, not wait for the next
 * push-pull. With memberlist's transmit limit (2 sends per node with the local profile below 10
 * members) about one write in four missed a node here.
 */
class SmallClusterGossipTest {

    @Test
    void joinsAndAWriteReachEveryNodeOfAFiveNodeClusterByGossipAlone() {
        ClusterConfig config = ClusterConfig.local().antiEntropy(ae -> ae.pushPullInterval(Duration.ofHours(1))).build();
        List<Long> missed = new ArrayList<>();
        for (long seed = 1; seed <= 40; seed++) {
            Simulation sim = Simulation.builder().seed(seed).config(config).build();
            List<SimNode> nodes = sim.startCluster(5, 10);
            boolean formed = sim.runUntil(sim.views()::converged, 30_000);
            assertTrue(formed, "cluster formed, seed " + seed + " now=" + sim.now() + " pending=" + sim.pendingActions()
                    + " views=" + nodes.stream().map(n -> n.activeMemberCount()).toList());
            sim.runFor(2_000); // let the join rumors drain
            byte[] value = ("v" + seed).getBytes(StandardCharsets.UTF_8);
            nodes.get((int) (seed % 5)).publish("k", value);
            // 2 s is 20 gossip rounds: ample for gossip, far below the 1 h push-pull.
            if (!sim.runUntil(() -> sim.everyLiveNodeSees(n -> n.read("k").isPresent()), 2_000)) {
                missed.add(seed);
            }
        }
        assertEquals(List.of(), missed, "seeds whose write missed a node");
    }
}

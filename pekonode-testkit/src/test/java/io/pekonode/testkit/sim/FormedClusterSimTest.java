package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Simulation#startFormedCluster}: a cluster that starts formed behaves like one that joined. */
class FormedClusterSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    @Test
    void everyNodeStartsSeeingEveryoneAliveWithoutJoinTrafficOrEvents() {
        Simulation sim = SimClusters.sim(3, LAN, 200);
        EventRecorder joins = sim.recordEvents(e -> e instanceof ClusterEvent.MemberJoined);
        List<SimNode> nodes = sim.startFormedCluster(200);

        assertTrue(sim.views().convergedAlive(), "the views see the cluster formed at once");
        for (SimNode node : List.of(nodes.get(0), nodes.get(117), nodes.get(199))) {
            assertEquals(200, node.members().size(), node.id() + " knows every member");
            assertEquals(200, node.core().clusterSize(), node.id() + " scales its timeouts with the whole cluster");
        }
        // One shared Member object per member, not one per (node, member) pair.
        Member seenBy1 = nodes.get(1).member("node-42").orElseThrow();
        Member seenBy2 = nodes.get(2).member("node-42").orElseThrow();
        assertSame(seenBy1, seenBy2);

        sim.runFor(5_000);
        assertEquals(List.of(), joins.events(), "restored members are not announced as joins");
        assertTrue(sim.views().convergedAlive(), "nobody is suspected in a healthy formed cluster");
        assertTrue(sim.traffic().totalSentMessages(MessageType.SYNC_REQUEST) <= 200,
                "no join storm: at most one push-pull per node in the first 5 s");
    }

    @Test
    void aCrashInAFormedClusterIsDetectedByEveryoneWithinTheBound() {
        Simulation sim = SimClusters.sim(4, LAN, 300);
        List<SimNode> nodes = sim.startFormedCluster(300);
        sim.runFor(3_000);
        ProtocolBounds bounds = new ProtocolBounds(LAN, 300);
        SimNode victim = nodes.get(123);
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        long crashedAt = sim.now();
        sim.crashHost(victim); // nothing refuses a connect, so the bound is the suspicion's

        assertTrue(sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD) == sim.views().liveObservers(),
                bounds.detectionMillis()), "every live node marks the crashed one dead within " + bounds.detectionMillis() + " ms");
        assertTrue(sim.now() - crashedAt >= bounds.suspicionFloorMillis(), "not before the shortest suspicion timeout could pass");
        assertTrue(failures.events().stream().allMatch(e -> e.memberId().equals(victim.id())), "only the crashed node failed");
    }
}

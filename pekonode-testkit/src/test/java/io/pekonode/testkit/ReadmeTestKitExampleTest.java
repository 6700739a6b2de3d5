package io.pekonode.testkit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.discovery.Services;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.testkit.memory.InMemoryNetwork;
import io.pekonode.testkit.sim.SimNode;
import io.pekonode.testkit.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The three examples of README.md's "Test your code" section, run as written. Keep the two in step:
 * if this test has to change, the README does too.
 */
class ReadmeTestKitExampleTest {

    @Test
    void manyRealNodesInOneJvm() throws Exception {
        // --- README: many real nodes in one JVM ---
        InMemoryNetwork network = new InMemoryNetwork();
        try (PekoNode a = PekoNode.builder(ClusterConfig.local().transport("memory")
                        .bind(new NodeAddress("a", 7946)).build())
                .transportProvider(network.provider()).build().start();
             PekoNode b = PekoNode.builder(ClusterConfig.local().transport("memory")
                        .bind(new NodeAddress("b", 7946)).seed(a.advertiseAddress()).build())
                .transportProvider(network.provider()).build().start()) {
            b.join(List.of()).get(10, SECONDS);
            await(() -> a.liveMembers().size() == 2 && b.liveMembers().size() == 2);

            network.isolate(b.advertiseAddress());    // a suspects b, then declares it dead
            await(() -> stateOf(a, b) == MemberState.DEAD);
            network.heal(b.advertiseAddress());       // b refutes and is alive again
            await(() -> stateOf(a, b) == MemberState.ALIVE && stateOf(b, a) == MemberState.ALIVE);
        }
    }

    @Test
    void aFakeClusterForCodeWrittenAgainstTheApi() {
        // --- README: a fake Cluster ---
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().build());
        Services.announce(cluster, "api", 8080);                  // the code under test
        assertEquals("8080", cluster.localMember().tags().get("service.api"));
        assertEquals(1, cluster.tagUpdates());
    }

    @Test
    void theProtocolOfManyNodesUnderVirtualTime() {
        // --- README: the simulator ---
        Simulation sim = Simulation.builder().seed(7).config(ClusterConfig.lan().build())
                .latency(1, 1).lossRate(0.05).build();           // 1-2 ms one way, 5 % of packets lost
        List<SimNode> nodes = sim.startCluster(50, 10);         // node 0 starts, the others join it 10 ms apart
        assertTrue(sim.runUntil(sim.views()::converged, 60_000), "50 nodes converge within a virtual minute");
        SimNode victim = nodes.get(7);
        sim.crash(victim);
        boolean seen = sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD)
                == sim.views().liveObservers(), 60_000);
        assertTrue(seen, "every live node declared the crashed one dead within a virtual minute");
    }

    private static MemberState stateOf(PekoNode observer, PekoNode member) {
        return observer.member(member.id()).map(m -> m.state()).orElse(null);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
            LockSupport.parkNanos(20_000_000L); // poll every 20 ms until the deadline
        }
    }
}

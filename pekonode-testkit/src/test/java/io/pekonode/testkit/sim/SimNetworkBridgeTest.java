package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A bridge node reaches both sides of a partition while the sides stay cut from each other, until a heal. */
class SimNetworkBridgeTest {

    @Test
    void aBridgeNodeReachesBothSidesWhileTheSidesStayCutUntilTheHeal() {
        Simulation sim = Simulation.builder().seed(3).build();
        List<SimNode> nodes = sim.addNodes(4);
        SimNode a = nodes.get(0);
        SimNode bridge = nodes.get(1);
        SimNode c = nodes.get(2);
        SimNode d = nodes.get(3);
        sim.network().partition(List.of(a, bridge), List.of(c, d));
        sim.network().bridge(bridge);

        assertTrue(sim.network().canReach(bridge, c) && sim.network().canReach(d, bridge), "the bridge reaches the far side");
        assertTrue(sim.network().canReach(bridge, a), "and its own");
        assertFalse(sim.network().canReach(a, c) || sim.network().canReach(d, a), "the sides stay cut");

        sim.network().heal();
        sim.network().partition(List.of(a, bridge), List.of(c, d));
        assertFalse(sim.network().canReach(bridge, c), "a heal ends the bridge too");
    }
}

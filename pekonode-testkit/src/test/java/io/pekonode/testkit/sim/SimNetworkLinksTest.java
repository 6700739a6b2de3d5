package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.wire.Ping;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Per-link settings of the simulated network: they change one link, both ways, until cleared. */
class SimNetworkLinksTest {

    private static Simulation sim(long seed) {
        return Simulation.builder().seed(seed).latency(1, 0)
                .protocolFactory((config, self, budget, random) -> new FakeProtocol(self, random)).build();
    }

    private static List<SimNode> threeJoined(Simulation sim) {
        List<SimNode> n = sim.addNodes(3);
        sim.join(n.get(1), n.get(0));
        sim.join(n.get(2), n.get(0), n.get(1));
        sim.runFor(1_000);
        return n;
    }

    private static long pingsFrom(SimNode receiver, SimNode sender) {
        return ((FakeProtocol) receiver.protocol).received.stream()
                .filter(r -> r.message() instanceof Ping && r.message().origin().nodeId().equals(sender.id()))
                .count();
    }

    /** Delays (receive time minus send time) of every ping {@code receiver} got from {@code sender}. */
    private static Set<Long> pingDelays(SimNode receiver, SimNode sender) {
        return ((FakeProtocol) receiver.protocol).received.stream()
                .filter(r -> r.message() instanceof Ping p && p.origin().nodeId().equals(sender.id()))
                .map(r -> r.localTime() - ((Ping) r.message()).seq())
                .collect(Collectors.toSet());
    }

    @Test
    void aLossyLinkLosesItsPacketsBothWaysWhileOtherLinksCarryThemUntilCleared() {
        Simulation sim = sim(21);
        List<SimNode> n = threeJoined(sim);
        sim.network().linkLoss(n.get(0), n.get(1), 1.0);
        long zeroFromOne = pingsFrom(n.get(0), n.get(1));
        long oneFromZero = pingsFrom(n.get(1), n.get(0));
        long zeroFromTwo = pingsFrom(n.get(0), n.get(2));
        long lostBefore = sim.traffic().dropped(SimulatedDrop.LOSS);

        sim.runFor(1_000);
        assertEquals(zeroFromOne, pingsFrom(n.get(0), n.get(1)), "nothing gets through from 1 to 0");
        assertEquals(oneFromZero, pingsFrom(n.get(1), n.get(0)), "nor from 0 to 1");
        assertTrue(pingsFrom(n.get(0), n.get(2)) > zeroFromTwo, "the link from 2 keeps the global settings");
        assertTrue(sim.traffic().dropped(SimulatedDrop.LOSS) > lostBefore, "the losses are counted");

        sim.network().clearLinks();
        sim.runFor(1_000);
        assertTrue(pingsFrom(n.get(0), n.get(1)) > zeroFromOne, "cleared, the link carries packets again");
    }

    @Test
    void aSlowLinkDelaysOnlyItsOwnPackets() {
        Simulation sim = sim(22);
        List<SimNode> n = sim.addNodes(3);
        sim.network().linkLatency(n.get(0), n.get(2), 40, 0);
        sim.join(n.get(1), n.get(0));
        sim.join(n.get(2), n.get(0), n.get(1));
        sim.runFor(1_000);
        assertEquals(Set.of(40L), pingDelays(n.get(0), n.get(2)));
        assertEquals(Set.of(40L), pingDelays(n.get(2), n.get(0)));
        assertEquals(Set.of(1L), pingDelays(n.get(0), n.get(1)));
    }
}

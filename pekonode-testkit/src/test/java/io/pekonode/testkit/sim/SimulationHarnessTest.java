package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.SyncRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own machinery (agenda, network model, faults, observation), driven through the real
 * code paths with {@link FakeProtocol} on every node so that it does not depend on the protocol core.
 */
class SimulationHarnessTest {

    private static Simulation.Builder fakeSim(long seed) {
        return Simulation.builder().seed(seed)
                .protocolFactory((config, self, budget, random) -> new FakeProtocol(self, random));
    }

    /** The fake does not gossip, so every node joins every earlier one. */
    private static List<SimNode> mesh(Simulation sim, int count) {
        List<SimNode> nodes = sim.addNodes(count);
        for (int i = 1; i < count; i++) {
            sim.join(nodes.get(i), nodes.subList(0, i).toArray(new SimNode[0]));
        }
        return nodes;
    }

    private static FakeProtocol fake(SimNode node) {
        return (FakeProtocol) node.protocol;
    }

    /** A fingerprint of a whole run: every event with time and observer, every receipt, every counter. */
    private static String trace(long seed) {
        Simulation sim = fakeSim(seed).latency(2, 7).lossRate(0.2).build();
        StringBuilder log = new StringBuilder();
        sim.addListener((time, observer, event) -> log.append(time).append(' ').append(observer.id()).append(' ')
                .append(event.getClass().getSimpleName()).append(' ')
                .append(((ClusterEvent.MemberEvent) event).member().id()).append('\n'));
        List<SimNode> nodes = sim.startCluster(20, 3);
        sim.runFor(2_000);
        sim.crash(nodes.get(4));
        sim.freezeFor(nodes.get(7), 300);
        sim.runFor(2_000);
        for (SimNode node : nodes) {
            for (FakeProtocol.Received r : fake(node).received) {
                log.append(node.id()).append('<').append(r.localTime()).append(r.message().origin().nodeId()).append(';');
            }
        }
        log.append(sim.traffic().totalSentMessages()).append('/').append(sim.traffic().dropped(SimulatedDrop.LOSS));
        return log.toString();
    }

    @Test
    void sameSeedGivesTheSameRunAndAnotherSeedDoesNot() {
        String first = trace(42);
        assertEquals(first, trace(42));
        assertNotEquals(first, trace(43));
        assertTrue(first.length() > 10_000, "the trace should cover a busy run");
    }

    @Test
    void agendaOrdersByTimeThenInsertion() {
        EventQueue queue = new EventQueue(4);
        SplittableRandom random = new SplittableRandom(5);
        List<long[]> added = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long time = random.nextLong(200);
            queue.add(time, EventQueue.TASK, i, i, null);
            added.add(new long[] {time, i});
            if (i % 7 == 0) {
                queue.poll();
                added.removeIf(a -> a[1] == queue.headAux);
            }
        }
        long lastTime = -1;
        long lastSeqAtTime = -1;
        while (!queue.isEmpty()) {
            queue.poll();
            assertTrue(queue.headTime >= lastTime);
            if (queue.headTime == lastTime) {
                assertTrue(queue.headAux > lastSeqAtTime, "same-time entries keep their insertion order");
            }
            lastTime = queue.headTime;
            lastSeqAtTime = queue.headAux;
        }
    }

    @Test
    void packetsTakeBasePlusJitterAndReliableMessagesAFixedDelay() {
        Simulation sim = fakeSim(1).latency(10, 6).build();
        SimNode a = sim.addNode();
        SimNode b = sim.addNode();
        sim.join(b, a);
        sim.runFor(5_000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int reliable = 0;
        for (FakeProtocol.Received r : fake(a).received) {
            if (r.message() instanceof Ping ping) {
                long delay = r.localTime() - ping.seq();
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            } else if (r.message() instanceof SyncRequest) {
                reliable++;
                assertEquals(sim.startMillis() + 13, r.localTime(), "reliable delay is base + jitter/2");
            }
        }
        assertEquals(1, reliable);
        assertEquals(10, min);
        assertEquals(16, max);
    }

    @Test
    void lossDropsTheConfiguredShareOfPacketsButNoReliableMessageWhenTheReliablePathIsLossless() {
        Simulation sim = fakeSim(3).lossRate(0.3).reliableFailureRate(0).build();
        List<SimNode> nodes = sim.addNodes(10);
        for (int i = 1; i < nodes.size(); i++) {
            sim.join(nodes.get(i), nodes.get(0));
        }
        sim.runFor(20_000);
        long sent = sim.traffic().totalSentMessages() - sim.traffic().totalSentMessages(MessageType.SYNC_REQUEST);
        double lossShare = (double) sim.traffic().dropped(SimulatedDrop.LOSS) / sent;
        assertEquals(0.3, lossShare, 0.02);
        long syncsReceived = 0;
        for (SimNode n : nodes) {
            syncsReceived += sim.traffic().receivedMessages(n.index(), MessageType.SYNC_REQUEST);
        }
        assertEquals(9, syncsReceived);
    }

    @Test
    void reliableMessagesFailAtThePacketLossRateUnlessTheirOwnRateIsSet() {
        SimNetwork followsLoss = new SimNetwork(new SplittableRandom(1), 1, 0, 0.3);
        SimNetwork ownRate = new SimNetwork(new SplittableRandom(1), 1, 0, 0.3).reliableFailureRate(0.1);
        SimNetwork lossless = new SimNetwork(new SplittableRandom(1), 1, 0, 0.3).reliableFailureRate(0);
        int draws = 20_000;
        int[] failed = new int[3];
        for (int i = 0; i < draws; i++) {
            failed[0] += followsLoss.delay(0, 1, true) == SimNetwork.RELIABLE_FAILED ? 1 : 0;
            failed[1] += ownRate.delay(0, 1, true) == SimNetwork.RELIABLE_FAILED ? 1 : 0;
            failed[2] += lossless.delay(0, 1, true) == SimNetwork.RELIABLE_FAILED ? 1 : 0;
        }
        assertEquals(0.3, (double) failed[0] / draws, 0.02, "by default the reliable path fails as often as packets are lost");
        assertEquals(0.1, (double) failed[1] / draws, 0.02, "an explicit rate replaces the packet loss rate");
        assertEquals(0, failed[2], "rate 0: a lossless reliable path");
        assertEquals(1, lossless.delay(0, 1, true), "a delivered reliable message keeps its fixed delay");
    }

    @Test
    void aFailedReliableMessageIsCountedAndNeverDelivered() {
        Simulation sim = fakeSim(3).lossRate(0).reliableFailureRate(1).build();
        List<SimNode> nodes = sim.addNodes(2);
        sim.join(nodes.get(1), nodes.get(0));
        sim.runFor(5_000);
        assertTrue(sim.traffic().dropped(SimulatedDrop.RELIABLE_FAILURE) > 0, "the join's sync request failed");
        assertEquals(0, sim.traffic().receivedMessages(nodes.get(0).index(), MessageType.SYNC_REQUEST));
    }

    @Test
    void partitionsCutBothWaysIncludingMessagesInFlightAndHealingRestoresTraffic() {
        Simulation sim = fakeSim(4).latency(50, 0).build();
        List<SimNode> n = mesh(sim, 4);
        sim.runFor(1_000);
        assertTrue(sim.views().converged());
        sim.runFor(20); // packets are now in flight (latency 50)
        sim.network().partition(List.of(n.get(0), n.get(1)), List.of(n.get(2), n.get(3)));
        long cutBefore = sim.traffic().dropped(SimulatedDrop.PARTITION);
        assertFalse(sim.network().canReach(n.get(0), n.get(2)));
        assertTrue(sim.network().canReach(n.get(2), n.get(3)));
        int receivedBy0 = fake(n.get(0)).received.size();
        sim.runFor(2_000);
        assertTrue(sim.traffic().dropped(SimulatedDrop.PARTITION) > cutBefore);
        long crossAfter = fake(n.get(0)).received.subList(receivedBy0, fake(n.get(0)).received.size()).stream()
                .filter(r -> r.message().origin().nodeId().equals(n.get(2).id())
                        || r.message().origin().nodeId().equals(n.get(3).id()))
                .count();
        assertEquals(0, crossAfter, "nothing crosses the partition, not even packets sent before it");
        assertEquals(MemberState.DEAD, n.get(0).sees(n.get(2).id()));
        assertEquals(MemberState.ALIVE, n.get(0).sees(n.get(1).id()));
        sim.network().heal();
        assertTrue(sim.runUntil(sim.views()::converged, 2_000));
    }

    @Test
    void frozenNodeDoesNotTickBuffersBoundedInputAndCatchesUpOnThaw() {
        Simulation sim = fakeSim(5).frozenInboxLimit(5).build();
        List<SimNode> n = mesh(sim, 4);
        sim.runFor(1_000);
        SimNode frozen = n.get(1);
        long frozenAt = frozen.localTimeMillis();
        int receivedBefore = fake(frozen).received.size();
        sim.freezeFor(frozen, 1_000);
        sim.runFor(999);
        assertEquals(SimNode.Status.FROZEN, frozen.status());
        assertTrue(fake(frozen).ticks.stream().noneMatch(t -> t > frozenAt), "no tick while frozen");
        assertEquals(receivedBefore, fake(frozen).received.size(), "nothing processed while frozen");
        assertTrue(sim.traffic().dropped(SimulatedDrop.FROZEN_OVERFLOW) > 0);
        assertThrows(IllegalStateException.class, () -> frozen.run((core, now) -> null));
        sim.runFor(1);
        assertEquals(SimNode.Status.RUNNING, frozen.status());
        List<FakeProtocol.Received> caughtUp = fake(frozen).received.subList(receivedBefore, fake(frozen).received.size());
        assertEquals(5, caughtUp.size(), "exactly the buffered packets are processed on thaw");
        assertTrue(caughtUp.stream().allMatch(r -> r.localTime() == frozenAt + 1_000));
        assertEquals(frozenAt + 1_000, fake(frozen).ticks.get(fake(frozen).ticks.size() - 1));
        sim.runFor(1_000);
        assertTrue(fake(frozen).ticks.size() > 5, "ticking again after thaw");
    }

    @Test
    void crashedNodeDropsEverythingAndRestartTakesOverItsAddressWithANewId() {
        Simulation sim = fakeSim(6).build();
        List<SimNode> n = mesh(sim, 3);
        sim.runFor(1_000);
        SimNode victim = n.get(2);
        int receivedBefore = fake(victim).received.size();
        sim.crash(victim);
        assertEquals(2, sim.liveCount());
        long noRoute = sim.traffic().dropped(SimulatedDrop.NO_ROUTE);
        sim.runFor(1_000);
        assertEquals(receivedBefore, fake(victim).received.size());
        assertTrue(sim.traffic().dropped(SimulatedDrop.NO_ROUTE) > noRoute);
        assertEquals(sim.liveCount(), sim.views().observersSeeing(victim.id(), MemberState.DEAD));
        assertTrue(sim.views().converged());

        SimNode reborn = sim.restartWithNewId(victim, n.get(0), n.get(1));
        assertEquals(victim.address(), reborn.address());
        assertNotEquals(victim.id(), reborn.id());
        assertEquals(3, sim.liveCount());
        assertThrows(IllegalStateException.class, () -> sim.freeze(victim));
        sim.runFor(1_000);
        assertFalse(fake(reborn).received.isEmpty(), "traffic to the address reaches the new process");
        assertTrue(sim.views().converged());
        assertEquals(MemberState.ALIVE, n.get(1).sees(reborn.id()));
    }

    @Test
    void sameIdRestartKeepsTheIdentityWithAHigherIncarnation() {
        Simulation sim = fakeSim(7).build();
        List<SimNode> n = sim.addNodes(2);
        sim.join(n.get(1), n.get(0));
        sim.runFor(500);
        SimNode again = sim.restartWithSameId(n.get(1), n.get(0));
        assertEquals(n.get(1).id(), again.id());
        assertEquals(n.get(1).localMember().incarnation() + 1, again.localMember().incarnation());
        sim.runFor(500);
        assertTrue(sim.views().converged());
    }

    @Test
    void clockOffsetShiftsWhatTheNodeSeesButNotWhenThingsHappen() {
        Simulation sim = fakeSim(8).latency(5, 0).build();
        SimNode a = sim.addNode();
        SimNode skewed = sim.addNode(-60_000);
        sim.join(skewed, a);
        sim.runFor(1_000);
        FakeProtocol.Received first = fake(a).received.get(0);
        assertEquals(sim.startMillis() + 5, first.localTime());
        assertTrue(first.message() instanceof SyncRequest);
        Ping ping = (Ping) fake(a).received.stream().filter(r -> r.message() instanceof Ping).findFirst().get().message();
        assertEquals(sim.startMillis() - 60_000, ping.seq(), "the skewed node stamped its own clock");
        assertTrue(fake(skewed).received.stream().anyMatch(r -> r.message() instanceof Ack));
    }

    @Test
    void runUntilStopsAtTheFirstCheckWhereTheConditionHoldsAndRunForEndsExactly() {
        Simulation sim = fakeSim(9).checkIntervalMillis(10).build();
        sim.addNode();
        long start = sim.now();
        sim.schedule(1_234, () -> { });
        long[] flag = {0};
        sim.schedule(555, () -> flag[0] = 1);
        assertTrue(sim.runUntil(() -> flag[0] == 1, 10_000));
        assertEquals(555, sim.now() - start, "stops right after the action that made the condition true");
        long beforeTimeout = sim.now();
        assertFalse(sim.runUntil(() -> false, 1_000));
        assertEquals(beforeTimeout + 1_000, sim.now());
        long before = sim.now();
        sim.runFor(777);
        assertEquals(before + 777, sim.now());
    }

    @Test
    void recorderKeepsMatchingEventsWithTimeAndObserver() {
        Simulation sim = fakeSim(10).build();
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        List<SimNode> n = mesh(sim, 5);
        sim.runFor(1_000);
        assertEquals(0, failures.events().size());
        long crashAt = sim.now();
        sim.crash(n.get(3));
        sim.runFor(2_000);
        List<SimEvent> about = failures.events(ClusterEvent.MemberFailed.class, n.get(3).id());
        assertEquals(4, about.size());
        assertTrue(about.stream().allMatch(e -> e.timeMillis() > crashAt + FakeProtocol.SILENCE - 2 * FakeProtocol.INTERVAL));
        assertEquals(4, about.stream().map(SimEvent::observer).distinct().count());
    }
}

package io.pekonode.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.core.CoreStats;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMeterBinderTest {

    private final EngineMetrics metrics = new EngineMetrics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countsExistBeforeBindingAndMetersReadThem() {
        Nack nack = new Nack(new Origin("a", new NodeAddress("h", 1)), 1);
        metrics.messageIn(nack, 40, false);
        metrics.messageOut(nack, 40, true);
        metrics.dropped(DropReason.QUEUE_FULL);
        new NodeMeterBinder(metrics, "n1", () -> 7).bindTo(registry);

        assertEquals(1.0, registry.get("pekonode.messages.in").tags("node", "n1", "type", "Nack").functionCounter().count());
        assertEquals(40.0, registry.get("pekonode.bytes.out").tags("node", "n1", "path", "reliable").functionCounter().count());
        assertEquals(1.0, registry.get("pekonode.packets.dropped").tags("reason", "queue_full").functionCounter().count());
        // Every known reason is visible from the start, at zero.
        assertEquals(0.0, registry.get("pekonode.packets.dropped").tags("reason", "frame_bad_checksum").functionCounter().count());
        assertEquals(7.0, registry.get("pekonode.inbound.queue.size").gauge().value());
    }

    @Test
    void reasonsFirstSeenAfterBindingAreRegisteredThen() {
        new NodeMeterBinder(metrics, "n1", () -> 0).bindTo(registry);
        metrics.dropped("transport_connection_reset");
        assertEquals(1.0, registry.get("pekonode.packets.dropped").tags("reason", "transport_connection_reset")
                .functionCounter().count());
    }

    @Test
    void memberGaugesAndCoreCountersFollowPublishedSnapshots() {
        new NodeMeterBinder(metrics, "n1", () -> 0).bindTo(registry);
        NodeAddress a = new NodeAddress("h", 1);
        metrics.publishMembers(List.of(new Member("1", "1", a, Map.of(), MemberState.ALIVE, 0),
                new Member("2", "2", a, Map.of(), MemberState.ALIVE, 0),
                new Member("3", "3", a, Map.of(), MemberState.DEAD, 0)));
        metrics.publishCore(CoreCounters.of(Map.of(Counter.PROBES_SENT, 5L, Counter.INDIRECT_PROBES_SENT, 1L,
                Counter.SUSPICIONS_RAISED, 2L, Counter.GOSSIP_ROUNDS, 9L, Counter.SYNCS_STARTED, 1L)));
        assertEquals(2.0, registry.get("pekonode.members").tags("state", "alive").gauge().value());
        assertEquals(1.0, registry.get("pekonode.members").tags("state", "dead").gauge().value());
        assertEquals(9.0, registry.get("pekonode.gossip.rounds").functionCounter().count());
        assertEquals(1.0, registry.get("pekonode.probes").tags("kind", "indirect").functionCounter().count());
    }

    @Test
    void theHealthScoreGaugeFollowsThePublishedScore() {
        new NodeMeterBinder(metrics, "n1", () -> 0).bindTo(registry);
        assertEquals(0.0, registry.get("pekonode.health.score").tags("node", "n1").gauge().value());
        metrics.publishHealthScore(3);
        assertEquals(3.0, registry.get("pekonode.health.score").tags("node", "n1").gauge().value());
    }

    @Test
    void userEventAndQueryCountersAreExportedByOutcome() {
        new NodeMeterBinder(metrics, "n1", () -> 0).bindTo(registry);
        // Every outcome is there from the start, at zero, so dashboards need no "absent" case.
        for (String outcome : List.of("broadcast", "received", "duplicate", "too_old", "coalesced")) {
            assertEquals(0.0, registry.get("pekonode.user.events").tags("node", "n1", "outcome", outcome).functionCounter().count());
        }
        for (String outcome : List.of("started", "received", "duplicate", "expired", "matched", "dropped")) {
            assertEquals(0.0, registry.get("pekonode.queries").tags("node", "n1", "outcome", outcome).functionCounter().count());
        }
        CoreStats stats = new CoreStats();
        stats.increment(Counter.EVENTS_BROADCAST);
        stats.add(Counter.EVENTS_TOO_OLD, 3);
        stats.increment(Counter.QUERIES_MATCHED);
        metrics.publishCore(CoreCounters.copyOf(stats));
        assertEquals(1.0, registry.get("pekonode.user.events").tags("outcome", "broadcast").functionCounter().count());
        assertEquals(3.0, registry.get("pekonode.user.events").tags("outcome", "too_old").functionCounter().count());
        assertEquals(1.0, registry.get("pekonode.queries").tags("outcome", "matched").functionCounter().count());
        assertEquals(0.0, registry.get("pekonode.queries").tags("outcome", "started").functionCounter().count());
    }

    @Test
    void anEventBroadcastByARealNodeShowsUpInTheRegistry() {
        InMemoryNetwork network = new InMemoryNetwork();
        ClusterConfig config = ClusterConfig.local().transport("memory").nodeName("meters")
                .bind(new NodeAddress("meters", 7946)).build();
        try (PekoNode node = PekoNode.builder(config).transportProvider(network.provider()).build()) {
            node.meterBinder().bindTo(registry);
            node.start();
            node.broadcast("deploy", "v42".getBytes(StandardCharsets.UTF_8));
            FunctionCounter broadcast = registry.get("pekonode.user.events")
                    .tags("node", "meters", "outcome", "broadcast").functionCounter();
            Await.until(Duration.ofSeconds(10), () -> broadcast.count() == 1.0, () -> "broadcast count " + broadcast.count());
            assertEquals(0.0, registry.get("pekonode.user.events").tags("node", "meters", "outcome", "received")
                    .functionCounter().count(), "its own event is not counted as received");
        }
    }

    @Test
    void hostileCardinalityIsCapped() {
        for (int i = 0; i < 500; i++) {
            String word = Integer.toString(i).chars().mapToObj(c -> String.valueOf((char) ('a' + c - '0')))
                    .collect(java.util.stream.Collectors.joining());
            metrics.dropped("transport_reason_" + word);
        }
        assertEquals(CounterFamily.MAX_VALUES + 1, metrics.droppedByReason().size());
    }
}

package io.pekonode.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The library example of README.md ("Embed it in a service"), run for real over UDP on 127.0.0.1
 * (ports 0 and a seed started here instead of the README's fixed addresses, the local() preset for
 * speed). Keep the two in step: if this test has to change, README.md does too.
 */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleWorksAsWritten() throws Exception {
        List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
        // --- README example, first node ---
        ClusterConfig seedConfig = ClusterConfig.local()
                .nodeName("seed")
                .bind(NodeAddress.parse("127.0.0.1:0"))
                .build();
        try (PekoNode seed = PekoNode.create(seedConfig).start()) {
            NodeAddress seedAddress = seed.advertiseAddress();
            // --- README example, second node ---
            ClusterConfig config = ClusterConfig.local()          // or lan(), wan()
                    .nodeName("web-1")
                    .tag("role", "web")
                    .bind(NodeAddress.parse("127.0.0.1:0"))
                    .seed(seedAddress)
                    .failureDetection(fd -> fd.probeInterval(Duration.ofMillis(500)))  // settings come in groups
                    .build();
            MeterRegistry registry = new SimpleMeterRegistry();    // or your application's registry
            try (PekoNode node = PekoNode.create(config)) {
                node.meterBinder().bindTo(registry);               // optional Micrometer metrics
                node.subscribe(seen::add);                         // joins, failures, metadata changes
                node.start();
                node.join(List.of()).get(10, SECONDS);             // completes once a seed answered
                node.publish("config/feature-x", "on".getBytes(UTF_8));
                Optional<byte[]> v = node.read("config/feature-x");    // local read, never blocks
                assertEquals("on", new String(v.orElseThrow(), UTF_8), "a node reads its own write at once");
                List<Member> live = node.liveMembers();
                assertFalse(live.isEmpty());
                assertFalse(registry.find("pekonode.members").gauges().isEmpty(), "the node's meters are bound");
                Await.until(Duration.ofSeconds(10), () -> seed.read("config/feature-x").isPresent());
                assertEquals("on", new String(seed.read("config/feature-x").orElseThrow(), UTF_8));
                Await.until(Duration.ofSeconds(10), () -> seed.liveMembers().size() == 2 && node.liveMembers().size() == 2);
                assertEquals("web", seed.member(node.id()).orElseThrow().tags().get("role"));
                node.leave(Duration.ofSeconds(2)).get(5, SECONDS);
            }
            Await.until(Duration.ofSeconds(10), () -> seed.liveMembers().size() == 1);
        }
        Await.until(Duration.ofSeconds(5), () -> seen.stream().anyMatch(e -> e instanceof ClusterEvent.MemberJoined));
    }
}

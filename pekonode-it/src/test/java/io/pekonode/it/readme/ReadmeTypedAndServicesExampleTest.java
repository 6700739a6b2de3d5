package io.pekonode.it.readme;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.discovery.ServiceInstance;
import io.pekonode.api.discovery.Services;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.typed.TypedMessaging;
import io.pekonode.typed.TypedQueryResult;
import io.pekonode.engine.PekoNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The typed-messages and service-discovery examples of README.md ("Message between nodes"), run against two
 * real engines over UDP on 127.0.0.1. It lives here because only this module sees the engine and
 * the codec's typed layer together. Keep it in step with the README.
 */
class ReadmeTypedAndServicesExampleTest {

    record Greeting(String from, int times) {
    }

    record Welcome(String text) {
    }

    record Load(String member, double cpu) {
    }

    record Deployed(String version) {
    }

    @Test
    void theTypedAndServiceDiscoveryExamplesWorkAsWritten() throws Exception {
        try (PekoNode first = node("node-1", null).start()) {
            try (PekoNode second = node("node-2", first.advertiseAddress()).start()) {
                second.join(List.of()).get(10, SECONDS);
                await(() -> first.liveMembers().size() == 2 && second.liveMembers().size() == 2);

                // --- README: typed messages ---
                TypedMessaging server = new TypedMessaging(second);
                TypedMessaging typed = new TypedMessaging(first);
                server.handle("greet", Greeting.class, g -> new Welcome("hello " + g.from()));
                Welcome w = typed.request(second.id(), "greet", new Greeting("node-1", 1), Welcome.class,
                        Duration.ofSeconds(2)).get(10, SECONDS);
                assertEquals(new Welcome("hello node-1"), w);

                List<Greeting> notes = new CopyOnWriteArrayList<>();
                server.onMessage("note", Greeting.class, notes::add);
                typed.send(second.id(), "note", new Greeting("node-1", 2)).get(10, SECONDS);
                await(() -> notes.equals(List.of(new Greeting("node-1", 2))));

                List<Deployed> deployed = new CopyOnWriteArrayList<>();
                second.subscribe(e -> {
                    if (e instanceof ClusterEvent.UserEventReceived ev && ev.name().equals("deployed")) {
                        deployed.add(server.decodeEvent(ev, Deployed.class));
                    }
                });
                typed.broadcast("deployed", new Deployed("1.4.2"));
                await(() -> deployed.equals(List.of(new Deployed("1.4.2"))));

                server.handle("load", Greeting.class, g -> new Load(second.localMember().id(), 0.25));
                TypedQueryResult<Load> r = typed.query("load", new Greeting("node-1", 0),
                        QueryOptions.defaults().withTag("role", "web").withTimeout(Duration.ofSeconds(2)),
                        Load.class).get(10, SECONDS);
                assertEquals(1, r.byMember().size(), "only node-2 has role=web: " + r);
                assertEquals(0.25, r.byMember().get(second.id()).cpu());

                // --- README: service discovery ---
                Services.announce(second, "api", 8080);
                List<List<ServiceInstance>> seen = new CopyOnWriteArrayList<>();
                Subscription watch = Services.of(first).watch("api", seen::add);
                await(() -> Services.of(first).services("api").size() == 1);
                ServiceInstance api = Services.of(first).services("api").get(0);
                assertEquals(second.id(), api.memberId());
                assertEquals(8080, api.port());
                await(() -> !seen.isEmpty() && seen.get(seen.size() - 1).size() == 1);
                watch.close();
                Services.withdraw(second, "api");
                await(() -> Services.of(first).services("api").isEmpty());
            }
        }
    }

    private static PekoNode node(String name, NodeAddress seed) {
        ClusterConfig.Builder b = ClusterConfig.local().nodeName(name).bind(NodeAddress.parse("127.0.0.1:0"));
        if (seed != null) {
            b.seed(seed).tag("role", "web");
        }
        return PekoNode.create(b.build());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 15 s");
            LockSupport.parkNanos(20_000_000L); // poll every 20 ms until the deadline
        }
    }
}

package io.pekonode.engine.runtime.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.MessagingException;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The messaging example of README.md (section "Message between nodes"), run for real over
 * UDP on 127.0.0.1 with ports 0. Keep the two in step: if this test has to change, the README does too.
 */
class ReadmeMessagingExampleTest {

    @Test
    void theReadmeMessagingExampleWorksAsWritten() throws Exception {
        ClusterConfig serverConfig = ClusterConfig.local().nodeName("server").tag("role", "web")
                .bind(NodeAddress.parse("127.0.0.1:0")).build();
        try (PekoNode server = PekoNode.create(serverConfig)) {
            // --- README: handlers (register before or after start; they run off the protocol thread) ---
            server.handle("greet", msg -> ("hello, " + new String(msg.payload(), UTF_8)).getBytes(UTF_8));
            server.handle("load", msg -> "0.42".getBytes(UTF_8));   // answers queries named "load"
            server.start();

            ClusterConfig clientConfig = ClusterConfig.local().nodeName("client")
                    .bind(NodeAddress.parse("127.0.0.1:0")).seed(server.advertiseAddress()).build();
            try (PekoNode client = PekoNode.create(clientConfig)) {
                List<String> events = new CopyOnWriteArrayList<>();
                server.subscribe(e -> {
                    if (e instanceof ClusterEvent.UserEventReceived u) {
                        events.add(u.name() + "=" + new String(u.payload(), UTF_8));
                    }
                });
                client.start();
                client.join(List.of()).get(10, SECONDS);
                Await.until(Duration.ofSeconds(10), () -> client.member(server.id()).isPresent());

                // --- README: request/response (reliable path, up to maxMessageBytes, 4 MiB by default) ---
                byte[] reply = client.request(server.id(), "greet", "ada".getBytes(UTF_8), Duration.ofSeconds(2))
                        .get(5, SECONDS);
                assertEquals("hello, ada", new String(reply, UTF_8));

                // --- README: each failure has its own exception ---
                String outcome = client.request(server.id(), "no-such-topic", new byte[0], Duration.ofSeconds(2))
                        .handle((bytes, error) -> error == null ? "ok" : explain(error))
                        .get(5, SECONDS);
                assertEquals("nobody handles it", outcome);

                // --- README: one-way message (best effort) ---
                client.send(server.id(), "greet", "bob".getBytes(UTF_8)).get(5, SECONDS);
                client.send(server.id(), "greet", "carol".getBytes(UTF_8), Delivery.STREAM).get(5, SECONDS);

                // --- README: user event to every node ---
                client.broadcast("deploy", "v42".getBytes(UTF_8));
                Await.until(Duration.ofSeconds(10), () -> events.contains("deploy=v42"));

                // --- README: query the web nodes, collect for 2 s ---
                QueryResult result = client.query("load", new byte[0],
                        QueryOptions.defaults().withTag("role", "web").withTimeout(Duration.ofSeconds(2)))
                        .get(10, SECONDS);
                assertEquals(1, result.responses().size());
                assertEquals(server.id(), result.responses().get(0).memberId());
                assertEquals("0.42", new String(result.responses().get(0).payload(), UTF_8));
                assertTrue(result.acks().contains(server.id()));
            }
        }
    }

    // --- README: telling failures apart ---
    static String explain(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof NoHandlerException) {
            return "nobody handles it";
        } else if (cause instanceof RequestTimeoutException) {
            return "too slow";
        } else if (cause instanceof RemoteHandlerException r) {
            return "handler failed: " + r.getMessage();
        } else if (cause instanceof MessagingException m) {
            return m.getClass().getSimpleName() + ": " + m.getMessage(); // unknown, unavailable, delivery
        }
        return "unexpected: " + cause;
    }
}

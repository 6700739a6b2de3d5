package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.testing.Await;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/metrics} over real HTTP, against a started engine node on an in-memory network. */
class MetricsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static final AgentControl CONTROL = new AgentControl() {
        @Override
        public boolean joined() {
            return true;
        }

        @Override
        public List<String> seeds() {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> leave() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void shutdown() {
        }
    };

    private HttpResponse<String> call(ApiServer server, String method, String path, String body) throws Exception {
        URI uri = URI.create("http://" + server.address() + path);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(uri).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one meter with this name and these tags (among others), if listed. */
    private static Optional<JsonNode> meter(JsonNode meters, String name, Map<String, String> tags) {
        return StreamSupport.stream(meters.spliterator(), false)
                .filter(m -> m.get("name").asText().equals(name))
                .filter(m -> tags.entrySet().stream().allMatch(t -> t.getValue().equals(m.get("tags").path(t.getKey()).asText(null))))
                .findFirst();
    }

    private JsonNode meters(ApiServer server) throws Exception {
        HttpResponse<String> response = call(server, "GET", "/v1/metrics", null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body()).get("meters");
    }

    @Test
    void listsTheNodesMetersAndFollowsAnEventBroadcastOverTheApi() throws Exception {
        InMemoryNetwork network = new InMemoryNetwork();
        ClusterConfig config = ClusterConfig.local().transport("memory").nodeName("http-meters")
                .bind(new NodeAddress("http-meters", 7946)).build();
        try (PekoNode node = PekoNode.builder(config).transportProvider(network.provider()).build().start();
             ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), node, CONTROL, 1024)) {
            JsonNode before = meters(server);
            JsonNode alive = meter(before, "pekonode.members", Map.of("state", "alive")).orElseThrow(() -> new AssertionError(before));
            assertEquals("gauge", alive.get("type").asText());
            assertEquals("http-meters", alive.get("tags").get("node").asText());
            JsonNode health = meter(before, "pekonode.health.score", Map.of()).orElseThrow(() -> new AssertionError(before));
            assertEquals(0.0, health.get("value").asDouble(), "a lone healthy node scores 0");
            JsonNode broadcast = meter(before, "pekonode.user.events", Map.of("outcome", "broadcast"))
                    .orElseThrow(() -> new AssertionError(before));
            assertEquals("counter", broadcast.get("type").asText());
            assertEquals(0.0, broadcast.get("value").asDouble());
            List<String> names = StreamSupport.stream(before.spliterator(), false).map(m -> m.get("name").asText()).toList();
            assertEquals(names.stream().sorted().toList(), names, "sorted by name");

            assertEquals(200, call(server, "POST", "/v1/event/deploy", "v42").statusCode());
            JsonNode[] after = new JsonNode[1];
            Await.until("the broadcast to be counted", Duration.ofSeconds(10), () -> {
                try {
                    after[0] = meters(server);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                return meter(after[0], "pekonode.user.events", Map.of("outcome", "broadcast")).orElseThrow()
                        .get("value").asDouble() == 1.0;
            }, () -> String.valueOf(after[0]));
            assertEquals(405, call(server, "POST", "/v1/metrics", "").statusCode());
        }
    }

    @Test
    void aNodeWithoutMetersShowsTheAgentsOwnMetersButNoNodeMeters() throws Exception {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().nodeName("fake").bind(new NodeAddress("127.0.0.1", 7000)).build(), "id");
        try (ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), cluster, CONTROL, 1024)) {
            HttpResponse<String> response = call(server, "GET", "/v1/metrics", null);
            assertEquals(200, response.statusCode());
            JsonNode meters = JSON.readTree(response.body()).get("meters");
            List<String> names = new java.util.ArrayList<>();
            meters.forEach(m -> names.add(m.get("name").asText()));
            assertTrue(names.contains("jvm.memory.used"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.startsWith("pekonode.") && !n.startsWith("pekonode.http.")
                    && !n.startsWith("pekonode.stream.") && !n.startsWith("pekonode.handler.")),
                    "a fake node has no node meters (the agent's HTTP, stream and handler meters are its own): " + names);
        }
    }
}

package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.testing.Await;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/kv?versions=true}: each key's version as written, over real HTTP on an engine node. */
class KeyVersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private static final AgentControl CONTROL = JoinedControl.INSTANCE;

    private HttpResponse<String> call(ApiServer server, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path)).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(ApiServer server, String path) throws Exception {
        HttpResponse<String> response = call(server, "GET", path, null);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void versionsFollowPutsAndDeletesAndAreOnlySentWhenAskedFor() throws Exception {
        InMemoryNetwork network = new InMemoryNetwork();
        ClusterConfig config = ClusterConfig.local().transport("memory").nodeName("kv-versions")
                .bind(new NodeAddress("kv-versions", 7946)).build();
        try (PekoNode node = PekoNode.builder(config).transportProvider(network.provider()).build().start();
             ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), node, CONTROL, 1024)) {
            String first = JSON.readTree(call(server, "PUT", "/v1/kv/color", "red").body()).get("version").asText();
            String second = JSON.readTree(call(server, "PUT", "/v1/kv/shape", "round").body()).get("version").asText();
            Await.until("both versions", Duration.ofSeconds(10), () -> {
                try {
                    JsonNode v = get(server, "/v1/kv?versions=true").path("versions");
                    return first.equals(v.path("color").asText()) && second.equals(v.path("shape").asText());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(first.endsWith("@" + node.id()), "the writer's id ends the version: " + first);
            assertFalse(get(server, "/v1/kv").has("versions"), "the plain listing is unchanged");

            String updated = JSON.readTree(call(server, "PUT", "/v1/kv/color", "blue").body()).get("version").asText();
            assertEquals(200, call(server, "DELETE", "/v1/kv/shape", null).statusCode());
            Await.until("the update and the delete", Duration.ofSeconds(10), () -> {
                try {
                    JsonNode v = get(server, "/v1/kv?versions=true").path("versions");
                    return updated.equals(v.path("color").asText()) && !v.has("shape");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(400, call(server, "GET", "/v1/kv?versions=maybe", null).statusCode());
        }
    }
}

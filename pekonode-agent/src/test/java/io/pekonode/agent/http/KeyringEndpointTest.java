package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Key rotation and switches over real HTTP, against an (unstarted) engine node with a keyring. */
class KeyringEndpointTest {

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

    private static List<String> keys(HttpResponse<String> response) throws Exception {
        JsonNode node = JSON.readTree(response.body());
        return JSON.convertValue(node.get("keys"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    @Test
    void rotatesKeysAndFlipsSwitchesWithoutEverShowingKeyMaterial() throws Exception {
        ClusterKey oldKey = ClusterKey.generate();
        ClusterKey newKey = ClusterKey.generate();
        ClusterConfig config = ClusterConfig.local().nodeName("http-keys").bind(new NodeAddress("127.0.0.1", 0)).build();
        try (PekoNode node = PekoNode.builder(config).security(WireSecurity.builder(Keyring.of(oldKey)).label("prod").build()).build();
             ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), node, CONTROL, 1024)) {
            WireSecurity security = node.security().orElseThrow();

            HttpResponse<String> shown = call(server, "GET", "/v1/keyring", null);
            assertEquals(200, shown.statusCode(), shown.body());
            assertEquals(List.of(oldKey.id()), keys(shown));
            assertEquals("prod", JSON.readTree(shown.body()).get("label").asText());

            HttpResponse<String> installed = call(server, "POST", "/v1/keyring/install", newKey.toBase64() + "\n");
            assertEquals(200, installed.statusCode(), installed.body());
            assertFalse(installed.body().contains(newKey.toBase64()), "key material echoed");
            assertEquals(List.of(oldKey.id(), newKey.id()), security.keyring().ids());

            assertEquals(409, call(server, "POST", "/v1/keyring/remove", oldKey.id()).statusCode(), "the primary cannot be removed");
            assertEquals(200, call(server, "POST", "/v1/keyring/use", newKey.id()).statusCode());
            assertEquals(newKey, security.keyring().primary());
            HttpResponse<String> removed = call(server, "POST", "/v1/keyring/remove", oldKey.id());
            assertEquals(200, removed.statusCode(), removed.body());
            assertEquals(List.of(newKey.id()), keys(removed));

            assertEquals(404, call(server, "POST", "/v1/keyring/use", "0000000000000000").statusCode());
            HttpResponse<String> badKey = call(server, "POST", "/v1/keyring/install", "c2hvcnQ=");
            assertEquals(400, badKey.statusCode());
            assertTrue(badKey.body().contains("16, 24 or 32 bytes"), badKey.body());

            assertEquals(200, call(server, "POST", "/v1/keyring/require-encrypted-incoming", "false").statusCode());
            assertEquals(200, call(server, "POST", "/v1/keyring/encrypt-outgoing", "false").statusCode());
            assertFalse(security.requireEncryptedIncoming());
            assertFalse(security.encryptOutgoing());
            assertEquals(400, call(server, "POST", "/v1/keyring/encrypt-outgoing", "yes").statusCode());
            assertEquals(405, call(server, "GET", "/v1/keyring/use", null).statusCode());
        }
    }

    @Test
    void anAgentWithoutASecretFileSays404() throws Exception {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().nodeName("plain").bind(new NodeAddress("127.0.0.1", 7000)).build(), "id");
        try (ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), cluster, CONTROL, 1024)) {
            HttpResponse<String> response = call(server, "GET", "/v1/keyring", null);
            assertEquals(404, response.statusCode());
            assertTrue(response.body().contains("without --secret-file"), response.body());
        }
    }
}

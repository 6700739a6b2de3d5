package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.testing.Await;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint of the HTTP API over real HTTP, against a fake cluster. */
class ApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VALUE = 1024;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicBoolean joined = new AtomicBoolean(true);
    private final AtomicInteger leaves = new AtomicInteger();
    private final AtomicInteger shutdowns = new AtomicInteger();
    private FakeCluster cluster;
    private ApiServer server;

    @BeforeEach
    void start() {
        ClusterConfig config = ClusterConfig.lan().nodeName("self").bind(new NodeAddress("127.0.0.1", 7000))
                .limits(l -> l.maxValueBytes(MAX_VALUE).maxKeyLength(16)).tag("role", "web").build();
        cluster = new FakeCluster(config, "0123456789abcdef");
        cluster.start();
        cluster.putMember(new Member("fedcba9876543210", "peer", new NodeAddress("::1", 7001), Map.of(),
                MemberState.SUSPECT, 3));
        AgentControl control = new AgentControl() {
            @Override
            public boolean joined() {
                return joined.get();
            }

            @Override
            public List<String> seeds() {
                return List.of("10.0.0.1:7946");
            }

            @Override
            public CompletableFuture<Void> leave() {
                leaves.incrementAndGet();
                return cluster.leave(Duration.ofSeconds(1));
            }

            @Override
            public void shutdown() {
                shutdowns.incrementAndGet();
            }
        };
        server = ApiServer.start(new NodeAddress("127.0.0.1", 0), cluster, control, MAX_VALUE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://" + server.address() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, body).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> send(String method, String path) throws IOException, InterruptedException {
        return send(method, path, HttpRequest.BodyPublishers.noBody());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void membersListsEveryMemberWithItsFields() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/v1/members");
        assertEquals(200, response.statusCode());
        JsonNode members = json(response).get("members");
        assertEquals(2, members.size());
        JsonNode peer = members.get(0);
        assertEquals("fedcba9876543210", peer.get("id").asText());
        assertEquals("peer", peer.get("name").asText());
        assertEquals("[::1]:7001", peer.get("address").asText());
        assertEquals("SUSPECT", peer.get("state").asText());
        assertEquals(3, peer.get("incarnation").asLong());
        JsonNode self = members.get(1);
        assertEquals("self", self.get("name").asText());
        assertEquals("127.0.0.1:7000", self.get("address").asText());
        assertEquals("ALIVE", self.get("state").asText());
        assertEquals("web", self.get("tags").get("role").asText());
    }

    @Test
    void putGetListAndDeleteAKey() throws Exception {
        byte[] value = {0, 1, 2, (byte) 0xff};
        HttpResponse<byte[]> put = send("PUT", "/v1/kv/config", HttpRequest.BodyPublishers.ofByteArray(value));
        assertEquals(200, put.statusCode());
        assertTrue(json(put).get("version").asText().endsWith("@0123456789abcdef"));
        assertArrayEquals(value, cluster.read("config").orElseThrow());

        HttpResponse<byte[]> get = send("GET", "/v1/kv/config");
        assertEquals(200, get.statusCode());
        assertEquals("application/octet-stream", get.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(value, get.body());

        JsonNode keys = json(send("GET", "/v1/kv")).get("keys");
        assertEquals(1, keys.size());
        assertArrayEquals(value, Base64.getDecoder().decode(keys.get("config").asText()));

        HttpResponse<byte[]> delete = send("DELETE", "/v1/kv/config");
        assertEquals(200, delete.statusCode());
        assertTrue(json(delete).has("version"));
        assertTrue(cluster.read("config").isEmpty());
        assertEquals(404, send("GET", "/v1/kv/config").statusCode());
    }

    @Test
    void missingKeyIs404WithAJsonError() throws Exception {
        HttpResponse<byte[]> response = send("GET", "/v1/kv/nope");
        assertEquals(404, response.statusCode());
        assertEquals("no such key: 'nope'", json(response).get("error").asText());
    }

    @Test
    void emptyValueIsAValueNotAMissingKey() throws Exception {
        assertEquals(200, send("PUT", "/v1/kv/empty", HttpRequest.BodyPublishers.noBody()).statusCode());
        HttpResponse<byte[]> get = send("GET", "/v1/kv/empty");
        assertEquals(200, get.statusCode());
        assertEquals(0, get.body().length);
    }

    @Test
    void keysArePercentDecodedPathRemaindersWithSlashesPlusAndUnicode() throws Exception {
        put("/v1/kv/app/db%2Fhost", "a");
        put("/v1/kv/a+b", "b");
        put("/v1/kv/%C3%A9t%C3%A9", "c");
        put("/v1/kv/", "default");
        assertEquals("a", text("app/db/host"), "an unescaped slash and %2F both stay in the key");
        assertEquals("b", text("a+b"), "+ is not a space in a path");
        assertEquals("c", text("été"));
        assertEquals("default", new String(cluster.read(), StandardCharsets.UTF_8), "/v1/kv/ is Go's default key");
        // The client's encoding round-trips through the server.
        assertEquals("a", new String(send("GET", "/v1/kv/" + KeyPath.encode("app/db/host")).body(),
                StandardCharsets.UTF_8));
    }

    @Test
    void keysThatAreNotUtf8Are400() throws Exception {
        // (A truncated escape such as %2 never gets here: the JDK server rejects such a URI itself.)
        HttpResponse<byte[]> response = send("GET", "/v1/kv/%FF%FE");
        assertEquals(400, response.statusCode());
        assertTrue(json(response).get("error").asText().contains("not UTF-8"));
    }

    @Test
    void valuesOverTheLimitAre413WhetherLengthIsDeclaredOrChunked() throws Exception {
        HttpResponse<byte[]> declared = send("PUT", "/v1/kv/big",
                HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_VALUE + 1]));
        assertEquals(413, declared.statusCode());
        assertTrue(json(declared).get("error").asText().contains("limit of 1024 bytes"));

        // ofInputStream has no known length, so the client sends it chunked.
        HttpResponse<byte[]> chunked = send("PUT", "/v1/kv/big", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[MAX_VALUE * 3])));
        assertEquals(413, chunked.statusCode());
        assertTrue(cluster.read("big").isEmpty());

        assertEquals(200, send("PUT", "/v1/kv/big", HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_VALUE]))
                .statusCode(), "exactly the limit is allowed");
    }

    @Test
    void aKeyTheClusterRejectsIs413WithItsMessage() throws Exception {
        HttpResponse<byte[]> response = send("PUT", "/v1/kv/a-key-longer-than-sixteen",
                HttpRequest.BodyPublishers.ofString("x"));
        assertEquals(413, response.statusCode());
        assertEquals("key is 25 bytes, over the limit of 16 bytes", json(response).get("error").asText());
    }

    @Test
    void healthIsOkWhenJoinedAnd503WhileJoiningOrStopped() throws Exception {
        HttpResponse<byte[]> ok = send("GET", "/v1/health");
        assertEquals(200, ok.statusCode());
        JsonNode body = json(ok);
        assertEquals("ok", body.get("status").asText());
        assertEquals(2, body.get("members").asInt(), "alive and suspect members are live");
        assertEquals(1, body.get("alive").asInt());

        joined.set(false);
        HttpResponse<byte[]> joining = send("GET", "/v1/health");
        assertEquals(503, joining.statusCode());
        assertEquals("joining", json(joining).get("status").asText());
        assertEquals("10.0.0.1:7946", json(joining).get("seeds").get(0).asText());

        joined.set(true);
        cluster.stop();
        HttpResponse<byte[]> stopped = send("GET", "/v1/health");
        assertEquals(503, stopped.statusCode());
        assertEquals("stopped", json(stopped).get("status").asText());
    }

    @Test
    void leaveAsksTheAgentToLeaveAndAnswersWhoLeft() throws Exception {
        HttpResponse<byte[]> response = send("POST", "/v1/leave");
        assertEquals(200, response.statusCode());
        JsonNode body = json(response);
        assertEquals("left", body.get("status").asText());
        assertEquals("0123456789abcdef", body.get("id").asText());
        assertEquals(1, leaves.get());
        assertEquals(MemberState.LEFT, cluster.localMember().state());
        Await.until("the agent to be told to shut down after answering", Duration.ofSeconds(5),
                () -> shutdowns.get() == 1);
    }

    @Test
    void wrongMethodIs405WithAllowHeader() throws Exception {
        HttpResponse<byte[]> members = send("POST", "/v1/members");
        assertEquals(405, members.statusCode());
        assertEquals("GET", members.headers().firstValue("Allow").orElse(""));
        assertTrue(json(members).get("error").asText().contains("POST is not allowed on /v1/members"));

        HttpResponse<byte[]> key = send("POST", "/v1/kv/x");
        assertEquals(405, key.statusCode());
        assertEquals("DELETE, GET, PUT", key.headers().firstValue("Allow").orElse(""));
        assertEquals(405, send("GET", "/v1/leave").statusCode());
        assertEquals(405, send("DELETE", "/v1/kv").statusCode());
        assertEquals(0, leaves.get());
        assertEquals(0, shutdowns.get());
    }

    @Test
    void unknownPathsAre404EvenWithAKnownPrefix() throws Exception {
        for (String path : List.of("/", "/v1", "/v1/membersX", "/v2/members", "/v1/kvx")) {
            HttpResponse<byte[]> response = send("GET", path);
            assertEquals(404, response.statusCode(), path);
            assertTrue(json(response).get("error").asText().startsWith("no such resource"), path);
        }
    }

    private void put(String path, String value) throws Exception {
        assertEquals(200, send("PUT", path, HttpRequest.BodyPublishers.ofString(value)).statusCode(), path);
    }

    private String text(String key) throws Exception {
        return new String(cluster.read(key).orElseThrow(() -> new AssertionError("missing " + key)),
                StandardCharsets.UTF_8);
    }

    @Test
    void keptAliveAnswersComeWithoutNaglesDelay() throws Exception {
        // With Nagle's algorithm on, each answer on a kept-alive connection waits ~40 ms for the client's
        // delayed ACK: 20 requests would take over 800 ms.
        send("GET", "/v1/members");
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertEquals(200, send("GET", "/v1/members").statusCode());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 600, "20 kept-alive requests took " + millis + " ms");
    }
}

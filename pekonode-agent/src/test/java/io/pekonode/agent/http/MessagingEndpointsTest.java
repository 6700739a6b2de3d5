package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.QueryResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event, query, events and services endpoints over real HTTP, against a fake cluster. */
class MessagingEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENT = 256;
    private static final String SELF = "0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ClusterEvent.UserEventReceived> delivered = new CopyOnWriteArrayList<>();
    private FakeCluster cluster;
    private ApiServer server;

    @BeforeEach
    void start() {
        ClusterConfig config = ClusterConfig.lan().nodeName("self").bind(new NodeAddress("10.1.2.3", 7000))
                .limits(l -> l.maxEventPayloadBytes(MAX_EVENT)).tag("role", "web").tag("service.api", "8080").build();
        cluster = new FakeCluster(config, SELF);
        cluster.start();
        cluster.putMember(new Member("fedcba9876543210", "peer", new NodeAddress("::1", 7001),
                Map.of("service.api", "9090"), MemberState.ALIVE, 1));
        cluster.putMember(new Member("dead000000000000", "gone", new NodeAddress("10.9.9.9", 7001),
                Map.of("service.api", "9090"), MemberState.DEAD, 1));
        cluster.subscribe(e -> {
            if (e instanceof ClusterEvent.UserEventReceived u) {
                delivered.add(u);
            }
        });
        AgentControl control = new AgentControl() {
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
        server = ApiServer.start(new NodeAddress("127.0.0.1", 0), cluster, control, 1024, MAX_EVENT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        URI uri = URI.create("http://" + server.address() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, body).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> post(String path, byte[] body) throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void postingAnEventBroadcastsTheBodyAndAnswersItsLamportTime() throws Exception {
        HttpResponse<byte[]> first = post("/v1/event/deploy", utf8("v1.2.3"));
        assertEquals(200, first.statusCode());
        assertEquals(1, json(first).get("ltime").asLong());
        HttpResponse<byte[]> second = post("/v1/event/cfg%2Fchanged?coalesce=true", new byte[] {0, (byte) 0xff});
        assertEquals(2, json(second).get("ltime").asLong());
        assertTrue(json(second).get("coalesce").asBoolean());

        assertEquals(2, delivered.size());
        assertEquals("deploy", delivered.get(0).name());
        assertArrayEquals(utf8("v1.2.3"), delivered.get(0).payload());
        assertEquals("cfg/changed", delivered.get(1).name(), "names are percent-decoded like kv keys");
    }

    @Test
    void badEventRequestsAre400And405() throws Exception {
        assertEquals(400, post("/v1/event/", new byte[0]).statusCode(), "no name");
        HttpResponse<byte[]> coalesce = post("/v1/event/x?coalesce=maybe", new byte[0]);
        assertEquals(400, coalesce.statusCode());
        assertTrue(json(coalesce).get("error").asText().contains("coalesce must be true or false"));
        assertEquals(405, get("/v1/event/x").statusCode());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void eventBodiesOverTheLimitAre413DeclaredChunkedOrCountingTheName() throws Exception {
        HttpResponse<byte[]> declared = post("/v1/event/big", new byte[MAX_EVENT + 1]);
        assertEquals(413, declared.statusCode());
        assertTrue(json(declared).get("error").asText().contains("over the limit of 256 bytes"));

        HttpResponse<byte[]> chunked = send("POST", "/v1/event/big", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[MAX_EVENT * 100])));
        assertEquals(413, chunked.statusCode());

        // The body fits, but name + body is over the cluster's limit: the cluster's own refusal is a 413 too.
        HttpResponse<byte[]> withName = post("/v1/event/big", new byte[MAX_EVENT]);
        assertEquals(413, withName.statusCode());
        assertEquals("event is 259 bytes, over the limit of 256 bytes", json(withName).get("error").asText());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void receivedEventsAreListedWithTextOrBase64PayloadsAndACursor() throws Exception {
        post("/v1/event/a", utf8("héllo"));
        post("/v1/event/b", new byte[] {(byte) 0xc3, 0x28});
        JsonNode page = json(get("/v1/events"));
        JsonNode events = page.get("events");
        assertEquals(2, events.size());
        JsonNode a = events.get(0);
        assertEquals(1, a.get("seq").asLong());
        assertEquals("a", a.get("name").asText());
        assertEquals(SELF, a.get("origin").asText());
        assertEquals(1, a.get("ltime").asLong());
        assertEquals("héllo", a.get("payload").asText());
        assertFalse(a.has("payloadBase64"), "exactly one of payload and payloadBase64");
        JsonNode b = events.get(1);
        assertFalse(b.has("payload"), "invalid UTF-8 is not mangled into text");
        assertArrayEquals(new byte[] {(byte) 0xc3, 0x28}, Base64.getDecoder().decode(b.get("payloadBase64").asText()));
        assertEquals(2, page.get("next").asLong());

        JsonNode none = json(get("/v1/events?since=2"));
        assertEquals(0, none.get("events").size());
        assertEquals(2, none.get("next").asLong());
        post("/v1/event/c", new byte[0]);
        JsonNode later = json(get("/v1/events?since=2"));
        assertEquals(List.of("c"), later.get("events").findValuesAsText("name"));
        assertEquals(3, later.get("next").asLong());
        assertEquals(1, json(get("/v1/events?since=0&limit=1")).get("events").size());
        assertEquals(400, get("/v1/events?since=x").statusCode());
        assertEquals(400, get("/v1/events?limit=0").statusCode());
    }

    @Test
    void theEventHistoryIsBoundedAndSaysHowManyWereMissed() throws Exception {
        for (int i = 0; i < ApiServer.EVENT_HISTORY + 10; i++) {
            cluster.emit(new ClusterEvent.UserEventReceived("e", new byte[0], "o", i, 0));
        }
        JsonNode page = json(get("/v1/events?since=0&limit=1000"));
        assertEquals(ApiServer.EVENT_HISTORY, page.get("events").size());
        assertEquals(10, page.get("dropped").asLong());
        assertEquals(11, page.get("events").get(0).get("seq").asLong());
    }

    @Test
    void aQueryPassesItsFiltersAndAnswersAcksAndResponses() throws Exception {
        cluster.handle("uptime", m -> utf8("up 3 days\n"));
        cluster.addQueryAck("fedcba9876543210");
        cluster.addQueryResponse(new QueryResponse("fedcba9876543210", new byte[] {(byte) 0xff}));
        HttpResponse<byte[]> response = post("/v1/query/uptime?tag=role=web&tag=zone=eu-.*&node=" + SELF
                + "&timeout=1500ms", utf8("now"));
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        var last = cluster.lastQuery().orElseThrow();
        assertEquals("uptime", last.name());
        assertArrayEquals(utf8("now"), last.payload());
        assertEquals(Map.of("role", "web", "zone", "eu-.*"), last.options().tagFilter());
        assertEquals(List.of(SELF), last.options().nodeIds());
        assertEquals(Optional.of(Duration.ofMillis(1500)), last.options().timeout());
        assertTrue(last.options().requestAck());

        // The fake's own tags have no zone, so only the scripted peer is in the answer.
        JsonNode body = json(response);
        assertEquals("uptime", body.get("name").asText());
        assertEquals(1, body.get("ackCount").asInt());
        assertEquals(1, body.get("responseCount").asInt());
        JsonNode peer = body.get("responses").get(0);
        assertEquals("fedcba9876543210", peer.get("member").asText());
        assertEquals("peer", peer.get("name").asText(), "member names are looked up for display");
        assertEquals("/w==", peer.get("payloadBase64").asText());

        JsonNode all = json(post("/v1/query/uptime?ack=false", new byte[0]));
        assertFalse(cluster.lastQuery().orElseThrow().options().requestAck());
        assertEquals(Optional.empty(), cluster.lastQuery().orElseThrow().options().timeout(), "absent: the node's default");
        assertEquals(0, all.get("ackCount").asInt());
        assertEquals("up 3 days\n", all.get("responses").get(0).get("payload").asText());
        assertEquals(2, all.get("responseCount").asInt());
    }

    @Test
    void queriesBeyondTheInFlightBoundAre429AndTheRestOfTheApiStaysUp() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        cluster.handle("slow", m -> {
            running.incrementAndGet();
            release.await();
            return new byte[0];
        });
        List<CompletableFuture<HttpResponse<byte[]>>> slow = new java.util.ArrayList<>();
        for (int i = 0; i < ApiServer.MAX_QUERIES; i++) {
            slow.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + server.address() + "/v1/query/slow"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        io.pekonode.agent.testing.Await.until("the slow queries to hold their slots", Duration.ofSeconds(10),
                () -> running.get() == ApiServer.MAX_QUERIES);
        HttpResponse<byte[]> busy = post("/v1/query/slow", new byte[0]);
        assertEquals(429, busy.statusCode());
        assertEquals(200, get("/v1/services/api").statusCode(), "other endpoints still answer");
        release.countDown();
        for (var f : slow) {
            assertEquals(200, f.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, post("/v1/query/slow", new byte[0]).statusCode(), "slots are given back");
    }

    @Test
    void badQueriesAre400Or413() throws Exception {
        assertEquals(400, post("/v1/query/x?timeout=soon", new byte[0]).statusCode());
        assertEquals(400, post("/v1/query/x?timeout=0s", new byte[0]).statusCode());
        assertTrue(json(post("/v1/query/x?timeout=10m", new byte[0])).get("error").asText().contains("maximum of 300s"));
        assertEquals(400, post("/v1/query/x?tag=novalue", new byte[0]).statusCode());
        assertEquals(400, post("/v1/query/x?ack=perhaps", new byte[0]).statusCode());
        assertEquals(413, post("/v1/query/x", new byte[MAX_EVENT + 1]).statusCode());
        assertEquals(Optional.empty(), cluster.lastQuery(), "nothing was sent");
    }

    @Test
    void servicesListsLiveMembersOfferingTheService() throws Exception {
        JsonNode body = json(get("/v1/services/api"));
        assertEquals("api", body.get("service").asText());
        JsonNode instances = body.get("instances");
        assertEquals(2, instances.size(), "the dead member is left out");
        assertEquals("10.1.2.3:8080", instances.get(0).get("address").asText());
        assertEquals("self", instances.get(0).get("name").asText());
        assertEquals("10.1.2.3", instances.get(0).get("host").asText());
        assertEquals(8080, instances.get(0).get("port").asInt());
        assertEquals("[::1]:9090", instances.get(1).get("address").asText());
        assertEquals(0, json(get("/v1/services/db")).get("instances").size());
        assertEquals(400, get("/v1/services/bad%20name").statusCode());
    }
}

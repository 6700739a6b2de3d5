package io.pekonode.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.testing.Await;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.testkit.fake.FakeCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GET /v1/stream: filtered Server-Sent Events, and a slow client dropped without holding anything up. */
class EventStreamTest {

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

    private FakeCluster cluster;
    private ApiServer server;

    private void start(int backlog) {
        cluster = new FakeCluster(ClusterConfig.lan().nodeName("self").bind(new NodeAddress("127.0.0.1", 7000))
                .limits(l -> l.maxEventPayloadBytes(64 * 1024)).build());
        cluster.start();
        server = ApiServer.start(HttpSettings.plain(new NodeAddress("127.0.0.1", 0))
                .withStream(Duration.ofMillis(200), backlog), cluster, CONTROL, 1024, 64 * 1024);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private static Member member(String name, MemberState state) {
        return new Member("id-" + name, name, new NodeAddress("127.0.0.1", 7100), Map.of("role", "web"), state, 1);
    }

    @Test
    void clientsGetTheKindsTheyAskForAsTheyHappen() throws Exception {
        start(HttpSettings.DEFAULT_STREAM_BACKLOG);
        HttpClient http = HttpClient.newHttpClient();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create("http://" + server.address()
                + "/v1/stream?type=member-join,user")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        Await.until("the client to be registered", Duration.ofSeconds(5), () -> server.streamClients() == 1);

        cluster.putMember(member("n2", MemberState.ALIVE));
        cluster.publish("k", "v".getBytes(StandardCharsets.UTF_8));
        cluster.broadcast("deploy", "v1.2".getBytes(StandardCharsets.UTF_8));
        Await.until("a join and a user event", Duration.ofSeconds(5),
                () -> lines.stream().filter(l -> l.startsWith("data: ")).count() == 2, lines::toString);
        assertTrue(lines.contains("event: member-join"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("data: {\"type\":\"member-join\"") && l.contains("\"name\":\"n2\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"user\"") && l.contains("\"payload\":\"v1.2\"")));
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"type\":\"metadata\"")), "metadata was filtered out");
        Await.until("a heartbeat", Duration.ofSeconds(5), () -> lines.contains(": keep-alive"));
    }

    @Test
    void aClientThatDoesNotReadIsDroppedAndTheOthersKeepGettingEvents() throws Exception {
        start(8);
        Socket stalled = new Socket("127.0.0.1", server.address().port());
        stalled.setReceiveBufferSize(4096);
        OutputStream out = stalled.getOutputStream();
        out.write("GET /v1/stream?type=user HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Socket reading = new Socket("127.0.0.1", server.address().port());
        reading.getOutputStream().write("GET /v1/stream?type=user HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        BufferedReader in = new BufferedReader(new InputStreamReader(reading.getInputStream(), StandardCharsets.UTF_8));
        List<String> received = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    received.add(line);
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        Await.until("both clients to be registered", Duration.ofSeconds(5), () -> server.streamClients() == 2);

        byte[] payload = new byte[32 * 1024];
        java.util.Arrays.fill(payload, (byte) 'x');
        long started = System.nanoTime();
        int sent = 0;
        while (server.streamDropped() == 0 && sent < 2_000) {
            cluster.broadcast("big", payload); // delivered to listeners on this thread: it must never block
            sent++;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(1, server.streamDropped(), "the stalled client was dropped after " + sent + " events");
        assertTrue(millis < 10_000, "publishing never waited for the stalled client: " + millis + " ms for " + sent);
        Await.until("the dropped client to be gone", Duration.ofSeconds(5), () -> server.streamClients() == 1);
        cluster.broadcast("after", "still here".getBytes(StandardCharsets.UTF_8));
        Await.until("the reading client to get the next event", Duration.ofSeconds(10),
                () -> received.stream().anyMatch(l -> l.contains("still here")));
        stalled.close();
        reading.close();
    }

    @Test
    void unknownTypesAre400() throws Exception {
        start(8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + server.address() + "/v1/stream?type=gossip")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("unknown event type 'gossip'"), r.body());
    }
}

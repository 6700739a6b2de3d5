package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.handlers.HandlerSpec;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.CliRun.Result;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.QueryResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pekonode event|query|services} against an agent (with handler commands) whose cluster is a fake. */
class MessagingCommandsTest {

    private static final String SELF = "0123456789abcdef0123";
    private static final String PEER = "99887766554433221100";

    @TempDir
    Path dir;

    private FakeCluster cluster;
    private AgentNode agent;
    private String http;
    private final List<ClusterEvent.UserEventReceived> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAgent() {
        ClusterConfig config = ClusterConfig.lan().nodeName("alpha").bind(new NodeAddress("127.0.0.1", 7000))
                .tag("role", "web").tag("service.api", "8080").build();
        HandlerSettings handlers = new HandlerSettings(
                List.of(HandlerSpec.parse("deploy=cat > " + dir.resolve("deploy.out"))),
                List.of(HandlerSpec.parse("greet=printf 'hello %s' \"$(cat)\"")),
                Duration.ofSeconds(10), 2, 8, 64 * 1024);
        agent = AgentNode.start(config, new NodeAddress("127.0.0.1", 0), c -> {
            cluster = new FakeCluster(c, SELF);
            cluster.putMember(new Member(PEER, "beta", new NodeAddress("127.0.0.2", 7001),
                    Map.of("service.api", "9090"), MemberState.ALIVE, 2));
            cluster.subscribe(e -> {
                if (e instanceof ClusterEvent.UserEventReceived u) {
                    events.add(u);
                }
            });
            return cluster;
        }, handlers);
        http = agent.httpAddress().toString();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void eventBroadcastsAndTheAgentsHandlerCommandRuns() throws Exception {
        Result result = CliRun.run("event", "deploy", "v2", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertEquals("Event 'deploy' (2 bytes) dispatched, Lamport time 1\n", result.out());
        Path out = dir.resolve("deploy.out");
        Await.until("the event handler to write its payload", Duration.ofSeconds(10),
                () -> Files.exists(out) && agent.handlerStats().succeeded() == 1);
        assertEquals("v2", Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void eventReadsRawBytesFromStdinAndPassesCoalesce() {
        byte[] binary = {1, 2, 0, (byte) 0xff};
        Result result = CliRun.run(binary, "event", "blob", "-", "--coalesce", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertTrue(result.out().endsWith("(coalescing)\n"), result.out());
        assertArrayEquals(binary, events.get(0).payload());
        assertEquals(ExitCodes.OK, CliRun.run("event", "empty", "--http", http).code(), "the payload is optional");
        assertEquals(0, events.get(1).payload().length);
    }

    @Test
    void anEventOverTheLimitFailsWithTheAgentsMessage() {
        Result result = CliRun.run("event", "big", "x".repeat(cluster.config().limits().maxEventPayloadBytes() + 1), "--http", http);
        assertEquals(ExitCodes.FAILURE, result.code());
        assertTrue(result.err().startsWith("error: event payload is "), result.err());
    }

    @Test
    void queryPrintsEachResponseAndTheTotals() {
        cluster.addQueryAck(PEER);
        cluster.addQueryResponse(new QueryResponse(PEER, new byte[] {(byte) 0xff}));
        Result result = CliRun.run("query", "greet", "world", "--tag", "role=web", "--node", SELF, "--node", PEER,
                "--timeout", "2s", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        // Acks and responses print as they arrive, so their order may vary; the totals come last.
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of("Ack from alpha (01234567)", "Ack from beta (99887766)",
                "Response from alpha (01234567): hello world", "Response from beta (99887766): base64:/w=="),
                lines.subList(0, 4).stream().sorted().toList());
        assertEquals(List.of("Total Acks: 2", "Total Responses: 2"), lines.subList(4, 6));
        assertEquals(6, lines.size(), result.out());
        var options = cluster.lastQuery().orElseThrow().options();
        assertEquals(Map.of("role", "web"), options.tagFilter());
        assertEquals(List.of(SELF, PEER), options.nodeIds());
        assertEquals(Optional.of(Duration.ofSeconds(2)), options.timeout());
    }

    @Test
    void queryWithoutAcksOrAsJson() {
        Result noAck = CliRun.run("query", "greet", "you", "--no-ack", "--http", http);
        assertEquals("Response from alpha (01234567): hello you\nTotal Responses: 1\n", noAck.out());
        assertTrue(!cluster.lastQuery().orElseThrow().options().requestAck());

        Result json = CliRun.run("query", "nobody-answers", "--json", "--http", http);
        assertEquals(ExitCodes.OK, json.code(), json.toString());
        assertEquals("{\"name\":\"nobody-answers\",\"acks\":[\"" + SELF + "\"],\"responses\":[],\"ackCount\":1,"
                + "\"responseCount\":0}\n", json.out());
    }

    @Test
    void servicesListsTheOfferingMembers() {
        Result result = CliRun.run("services", "api", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertEquals("""
                ID        NAME   ADDRESS
                01234567  alpha  127.0.0.1:8080
                99887766  beta   127.0.0.2:9090
                """, result.out());
        Result none = CliRun.run("services", "db", "--http", http);
        assertEquals(ExitCodes.FAILURE, none.code());
        assertEquals("no live member offers service 'db'\n", none.err());
    }
}

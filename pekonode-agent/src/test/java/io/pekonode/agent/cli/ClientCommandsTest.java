package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.CliRun.Result;
import io.pekonode.testkit.fake.FakeCluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client subcommands against an agent whose cluster is a fake. */
class ClientCommandsTest {

    private FakeCluster cluster;
    private AgentNode agent;
    private String http;

    @BeforeEach
    void startAgent() {
        ClusterConfig config = ClusterConfig.lan().nodeName("alpha").bind(new NodeAddress("127.0.0.1", 7000))
                .tag("role", "web").build();
        agent = AgentNode.start(config, new NodeAddress("127.0.0.1", 0), c -> {
            cluster = new FakeCluster(c, "0123456789abcdef0123");
            cluster.putMember(new Member("99887766554433221100", "beta", new NodeAddress("127.0.0.1", 7001),
                    Map.of(), MemberState.DEAD, 2));
            return cluster;
        });
        http = agent.httpAddress().toString();
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void membersPrintsATableWithShortIds() {
        Result result = CliRun.run("members", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertEquals("""
                ID        NAME   ADDRESS         STATE  INC  TAGS
                01234567  alpha  127.0.0.1:7000  ALIVE  0    role=web
                99887766  beta   127.0.0.1:7001  DEAD   2    -
                """, result.out());
    }

    @Test
    void membersJsonIsTheApiDocument() {
        Result result = CliRun.run("members", "--json", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertTrue(result.out().startsWith("{\"members\":[{\"id\":\"0123456789abcdef0123\""), result.out());
    }

    @Test
    void kvPutGetListDelete() {
        Result put = CliRun.run("kv", "put", "app/color", "blue", "--http", http);
        assertEquals(ExitCodes.OK, put.code(), put.toString());
        assertTrue(put.out().startsWith("Set 'app/color' (4 bytes), version "), put.out());
        assertEquals("blue", new String(cluster.read("app/color").orElseThrow(), StandardCharsets.UTF_8));

        Result get = CliRun.run("kv", "get", "app/color", "--http", http);
        assertEquals(ExitCodes.OK, get.code(), get.toString());
        assertEquals("blue", get.out(), "raw bytes, nothing added when not on a terminal");

        CliRun.run("kv", "put", "count", "7", "--http", http);
        Result list = CliRun.run("kv", "list", "--http", http);
        assertEquals("""
                KEY        BYTES  VALUE
                app/color      4  "blue"
                count          1  "7"
                """, list.out());

        Result delete = CliRun.run("kv", "delete", "app/color", "--http", http);
        assertEquals(ExitCodes.OK, delete.code(), delete.toString());
        assertTrue(cluster.read("app/color").isEmpty());
    }

    @Test
    void kvPutDashReadsRawBytesFromStdin() {
        byte[] binary = {(byte) 0xca, (byte) 0xfe, 0, '\n'};
        Result put = CliRun.run(binary, "kv", "put", "blob", "-", "--http", http);
        assertEquals(ExitCodes.OK, put.code(), put.toString());
        assertArrayEquals(binary, cluster.read("blob").orElseThrow());
        assertArrayEquals(binary, CliRun.run("kv", "get", "blob", "--http", http).outBytes());
        assertTrue(CliRun.run("kv", "list", "--http", http).out().contains("base64:yv4ACg=="));
    }

    @Test
    void kvGetOfAMissingKeyFailsWithTheAgentsMessage() {
        Result result = CliRun.run("kv", "get", "nope", "--http", http);
        assertEquals(ExitCodes.FAILURE, result.code());
        assertEquals("", result.out());
        assertEquals("error: no such key: 'nope'\n", result.err());
    }

    @Test
    void leaveMakesTheAgentLeaveAndShutDown() {
        Result result = CliRun.run("leave", "--http", http);
        assertEquals(ExitCodes.OK, result.code(), result.toString());
        assertEquals("Agent alpha (0123456789abcdef0123) left the cluster and is shutting down.\n", result.out());
        Await.until("the agent to close its node", Duration.ofSeconds(10), cluster::closed);
        assertEquals(1, cluster.leaveCalls());
    }

    @Test
    void anUnreachableAgentIsExitStatus3WithAHint() throws IOException {
        // A port bound but never listening refuses connects, and stays ours (nothing else can start
        // listening on it) until the test ends.
        try (SocketChannel refusing = SocketChannel.open()) {
            refusing.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) refusing.getLocalAddress()).getPort();
            Result result = CliRun.run("members", "--http", "127.0.0.1:" + port);
            assertEquals(ExitCodes.UNREACHABLE, result.code(), result.toString());
            assertTrue(result.err().startsWith("error: cannot reach a PekoNode agent at http://127.0.0.1:" + port),
                    result.err());
            assertTrue(result.err().contains("Is `pekonode agent` running?"), result.err());
        }
    }

    @Test
    void healthReflectsTheJoinOfANodeWithSeeds() {
        agent.close();
        ClusterConfig config = ClusterConfig.lan().nodeName("gamma").bind(new NodeAddress("127.0.0.1", 7002))
                .seed(new NodeAddress("127.0.0.1", 7000)).lifecycle(lc -> lc.bootstrap(false)).build();
        agent = AgentNode.start(config, new NodeAddress("127.0.0.1", 0), c -> cluster = new FakeCluster(c));
        assertEquals(1, cluster.joinCalls(), "the agent starts joining its seeds at once");
        assertTrue(!agent.joined(), "no seed answered yet");
        cluster.completeJoin(1);
        assertTrue(agent.joined());
    }
}

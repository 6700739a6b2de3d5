package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ConsensusSettings;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.CliRun.Result;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.fake.FakeCluster;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code pekonode leader|ckv|lock} and {@code /v1/consensus/} against an agent that runs the consensus
 * module as the single voter of its group (over a fake cluster: one voter needs no messages).
 */
class ConsensusCommandsTest {

    private AgentNode agent;
    private String http;

    @BeforeEach
    void startAgent() {
        ClusterConfig config = ClusterConfig.lan().nodeName("alpha").bind(new NodeAddress("127.0.0.1", 7000)).build();
        agent = AgentNode.start(config, new NodeAddress("127.0.0.1", 0), c -> new FakeCluster(c, "a1b2c3d4e5f6a7b8c9d0"),
                HandlerSettings.none(), new ConsensusSettings(true, true, 1, Optional.empty()));
        http = agent.httpAddress().toString();
        Await.until("the group of one to elect its leader", Duration.ofSeconds(20),
                () -> agent.consensus().orElseThrow().isLeader());
    }

    @AfterEach
    void stopAgent() {
        agent.close();
    }

    @Test
    void leaderAndTheConsensusMapThroughTheCli() {
        Result leader = CliRun.run("leader", "--http", http);
        assertEquals(ExitCodes.OK, leader.code(), leader.toString());
        assertEquals("a1b2c3d4e5f6a7b8c9d0 (this agent)\n", leader.out());

        Result put = CliRun.run("ckv", "put", "config key", "one", "--http", http);
        assertEquals(ExitCodes.OK, put.code(), put.toString());
        long version = Long.parseLong(put.out().trim());
        Result get = CliRun.run("ckv", "get", "config key", "--http", http);
        assertEquals("one", get.out());
        assertEquals(version + "\n", CliRun.run("ckv", "get", "config key", "--print-version", "--http", http).out());

        Result lost = CliRun.run("ckv", "cas", "config key", Long.toString(version + 7), "two", "--http", http);
        assertEquals(ExitCodes.FAILURE, lost.code());
        assertTrue(lost.err().contains("is at version " + version), lost.err());
        Result won = CliRun.run("ckv", "cas", "config key", Long.toString(version), "two", "--http", http);
        assertEquals(ExitCodes.OK, won.code(), won.toString());
        assertEquals("two", CliRun.run("ckv", "get", "config key", "--stale", "--http", http).out());

        Result missing = CliRun.run("ckv", "cas", "nothing", "1", "x", "--http", http);
        assertEquals(ExitCodes.FAILURE, missing.code());
        assertTrue(missing.err().contains("no such key"), missing.err());
        Result tooLong = CliRun.run("ckv", "put", "k".repeat(300), "x", "--http", http);
        assertEquals(ExitCodes.FAILURE, tooLong.code());
        assertTrue(tooLong.err().contains("over the limit"), tooLong.err());

        assertEquals("deleted\n", CliRun.run("ckv", "delete", "config key", "--http", http).out());
        assertEquals(ExitCodes.FAILURE, CliRun.run("ckv", "get", "config key", "--http", http).code());
    }

    @Test
    void aRawReadSendsTheVersionHeader() throws Exception {
        Result put = CliRun.run("ckv", "put", "raw-key", "value", "--http", http);
        assertEquals(ExitCodes.OK, put.code(), put.toString());
        long version = Long.parseLong(put.out().trim());
        java.net.http.HttpResponse<byte[]> raw = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + http + "/v1/consensus/kv/raw-key?raw"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, raw.statusCode());
        assertEquals("value", new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Optional.of(Long.toString(version)), raw.headers().firstValue("X-Pekonode-Version"));
    }

    @Test
    void lockRunsTheCommandWithItsFencingTokenAndReleasesTheLock() {
        // A new leader grants no lock for one lease time (10 s by default) after its election.
        Result first = CliRun.run("lock", "--wait", "30", "--http", http, "job", "--", "sh", "-c",
                "test -n \"$PEKONODE_LOCK_TOKEN\" && exit 7");
        assertEquals(7, first.code(), first.toString());
        Result again = CliRun.run("lock", "--wait", "5", "--http", http, "job", "--", "true");
        assertEquals(ExitCodes.OK, again.code(), again.toString());
    }
}

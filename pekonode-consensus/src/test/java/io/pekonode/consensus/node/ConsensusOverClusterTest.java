package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.Lease;
import io.pekonode.consensus.VersionMismatchException;
import io.pekonode.consensus.http.ConsensusHttpApi;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consensus module on real nodes (engine, codec, messaging) over the in-memory transport, on its
 * own threads: voters found through gossip tags, Raft and calls carried by cluster requests.
 */
class ConsensusOverClusterTest {

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<PekoNode> nodes = new ArrayList<>();
    private final List<Consensus> modules = new ArrayList<>();
    @TempDir
    Path dataDir;

    @AfterEach
    void closeAll() {
        modules.forEach(Consensus::close);
        nodes.forEach(PekoNode::close);
    }

    private static ClusterConfig config(int i) {
        return ClusterConfig.local().transport("memory").nodeName("node-" + i).bind(new NodeAddress("node-" + i, 7946))
                .failureDetection(fd -> fd.probeInterval(Duration.ofMillis(200)).probeTimeout(Duration.ofMillis(100)))
                .gossip(g -> g.interval(Duration.ofMillis(50))).build();
    }

    private Consensus start(int i, boolean voter) throws Exception {
        PekoNode node = PekoNode.builder(config(i)).transportProvider(network.provider()).build();
        nodes.add(node);
        node.start();
        if (i > 0) {
            node.join(List.of(nodes.get(0).advertiseAddress())).get(10, TimeUnit.SECONDS);
        }
        Consensus c = Consensus.start(node, ConsensusConfig.builder().voter(voter).expectedVoters(3)
                .heartbeatInterval(Duration.ofMillis(100)).electionTimeout(Duration.ofMillis(1000))
                .lockTtl(Duration.ofSeconds(2)).bootstrapSettle(Duration.ofMillis(500))
                .requestTimeout(Duration.ofSeconds(5)).dataDirectory(dataDir.resolve("node-" + i)).build());
        modules.add(c);
        return c;
    }

    private static void await(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void threeVotersElectALeaderAndEveryNodeUsesTheMapAndLocks() throws Exception {
        List<Consensus> voters = List.of(start(0, true), start(1, true), start(2, true));
        Consensus other = start(3, false);
        await(() -> voters.stream().filter(Consensus::isLeader).count() == 1, Duration.ofSeconds(30), "a leader");
        Consensus leader = voters.stream().filter(Consensus::isLeader).findFirst().orElseThrow();
        assertEquals(3, leader.status().voters().size());

        long v1 = other.map().put("config", "one".getBytes(StandardCharsets.UTF_8));
        long v2 = other.map().compareAndSet("config", v1, "two".getBytes(StandardCharsets.UTF_8));
        assertTrue(v2 > v1);
        assertThrows(VersionMismatchException.class,
                () -> voters.get(0).map().compareAndSet("config", v1, "three".getBytes(StandardCharsets.UTF_8)));
        for (Consensus c : voters) {
            assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), c.map().get("config").orElseThrow().value());
        }
        try (Lease lease = other.lock("job")) {
            assertTrue(lease.isValid());
            assertEquals(Optional.empty(), voters.get(1).tryLock("job"));
        }
        Optional<Lease> after = voters.get(1).tryLock("job");
        assertTrue(after.isPresent());
        after.get().close();

        // The leader's node goes away: the two others elect a new leader and keep the acknowledged write.
        int index = voters.indexOf(leader);
        leader.close();
        nodes.get(index).close();
        List<Consensus> rest = new ArrayList<>(voters);
        rest.remove(leader);
        await(() -> rest.stream().anyMatch(Consensus::isLeader), Duration.ofSeconds(30), "a new leader");
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), other.map().get("config").orElseThrow().value());
    }

    @Test
    void theHttpApiAnswersEveryCaseWithAStatusAndJson() throws Exception {
        List<Consensus> voters = List.of(start(0, true), start(1, true), start(2, true));
        await(() -> voters.stream().anyMatch(Consensus::isLeader), Duration.ofSeconds(30), "a leader");
        // A voter learns the leader from its first heartbeat, a moment after the election.
        await(() -> voters.get(1).leader().isPresent(), Duration.ofSeconds(30), "voter 1 to know the leader");
        ConsensusHttpApi api = new ConsensusHttpApi(voters.get(1));
        byte[] none = new byte[0];

        ConsensusHttpApi.Answer leader = api.handle("GET", "leader", null, none);
        assertEquals(200, leader.status());
        assertTrue(leader.text().contains("\"leader\":\""), leader.text());

        // Right after the election a loaded machine may still see leadership move: 503 and 504 say so, and
        // this put may be repeated (it writes the same value).
        ConsensusHttpApi.Answer put = api.handle("PUT", "kv/a%2Fb", null, "x".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5 && (put.status() == 503 || put.status() == 504); i++) {
            put = api.handle("PUT", "kv/a%2Fb", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(200, put.status(), put.text());
        long version = Long.parseLong(put.text().replaceAll("\\D", ""));
        ConsensusHttpApi.Answer get = api.handle("GET", "kv/a%2Fb", "raw", none);
        assertEquals(200, get.status());
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), get.body());
        assertEquals(Long.toString(version), get.headers().get(ConsensusHttpApi.VERSION_HEADER));
        assertEquals("{\"key\":\"a/b\",\"version\":" + version + ",\"value\":\"eA==\"}",
                api.handle("GET", "kv/a%2Fb", null, none).text());
        assertEquals(200, api.handle("GET", "kv/a%2Fb", "stale", none).status());

        assertEquals(409, api.handle("PUT", "kv/a%2Fb", "cas=" + (version + 100), none).status());
        assertEquals(200, api.handle("PUT", "kv/a%2Fb", "cas=" + version, none).status());
        assertEquals(404, api.handle("PUT", "kv/missing", "cas=1", none).status());
        assertEquals(400, api.handle("PUT", "kv/a", "cas=abc", none).status());
        assertEquals(413, api.handle("PUT", "kv/a", null, new byte[64 * 1024 + 1]).status());
        assertEquals(400, api.handle("PUT", "kv/" + "k".repeat(300), null, none).status());
        assertEquals(404, api.handle("GET", "kv/missing", null, none).status());
        assertEquals(405, api.handle("POST", "kv/a", null, none).status());
        assertEquals(404, api.handle("GET", "nothing", null, none).status());
        assertEquals(200, api.handle("DELETE", "kv/a%2Fb", null, none).status());

        // A new leader grants locks one lease time (2 s here) after its election: wait for it.
        ConsensusHttpApi.Answer lock = api.handle("PUT", "lock/job", "wait=10000", none);
        assertEquals(200, lock.status(), lock.text());
        String token = lock.text().replaceAll(".*\"token\":(\\d+).*", "$1");
        assertEquals(409, new ConsensusHttpApi(voters.get(2)).handle("PUT", "lock/job", null, none).status());
        assertEquals(400, api.handle("PUT", "lock/" + "n".repeat(200), null, none).status());
        assertEquals(400, api.handle("DELETE", "lock/job", null, none).status());
        assertEquals(404, api.handle("DELETE", "lock/job", "token=1", none).status());
        assertEquals(200, api.handle("DELETE", "lock/job", "token=" + token, none).status());
        for (ConsensusHttpApi.Answer a : List.of(api.handle("GET", "kv/missing", null, none),
                api.handle("DELETE", "lock/job", "token=" + token, none))) {
            assertTrue(a.text().startsWith("{\"error\":"), a.text());
        }
    }
}

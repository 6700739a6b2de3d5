package io.pekonode.engine.persistence;

import static io.pekonode.engine.persistence.RestartChecks.reformed;
import static io.pekonode.engine.persistence.RestartChecks.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts over real sockets: five engines with data directories on the UDP plugin (UDP
 * packets plus its TCP side) on 127.0.0.1 form a cluster, all stop, and start again
 * in another order with no seeds: same ids, same metadata, one cluster again, never a ghost.
 */
class RealSocketRestartTest {

    private static final int N = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dirs;

    private final List<PekoNode> running = new ArrayList<>();
    private final int[] ports = new int[N + 1];

    @AfterEach
    void closeAll() {
        running.forEach(PekoNode::close);
    }

    private static TransportProvider udp() {
        return ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("udp")).findFirst()
                .orElseThrow(() -> new AssertionError("the udp transport plugin is not on the test path"));
    }

    private PekoNode node(int i, boolean withSeed) {
        ClusterConfig.Builder config = TestClusters.fast().transport("udp").nodeName("r-" + i)
                .bind(new NodeAddress("127.0.0.1", ports[i])).persistence(p -> p.stateSaveInterval(Duration.ofMillis(100)))
                .lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(300)));
        if (withSeed && i != 1) {
            config.seed(new NodeAddress("127.0.0.1", ports[1]));
        }
        PekoNode node = PekoNode.builder(config.build()).transportProvider(udp())
                .dataDirectory(dirs.resolve("node-" + i)).build();
        running.add(node);
        return node;
    }

    @Test
    void fiveUdpNodesStoppedAndStartedInAnotherOrderWithNoSeedsReformWithTheirIdsAndMetadata(TestReporter reporter)
            throws Exception {
        // The first life binds port 0 and reads back what it got; the restart binds the same ports again
        // (the persisted members' addresses are all the restarted nodes have to find each other).
        List<PekoNode> first = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            PekoNode n = node(i, true).start();
            ports[i] = n.advertiseAddress().port();
            first.add(n);
        }
        for (PekoNode n : first.subList(1, N)) {
            assertEquals(1, n.join(List.of()).get(15, TimeUnit.SECONDS));
        }
        Await.until(WAIT, () -> first.stream().allMatch(n -> n.liveMembers().size() == N), () -> TestClusters.describe(first));
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            first.get(i - 1).publish("key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            expected.put("key-" + i, "value-" + i);
        }
        first.get(2).publish("removed", new byte[] {1});
        first.get(2).remove("removed");
        Await.until(WAIT, () -> first.stream().allMatch(n -> text(n.snapshot()).equals(expected)),
                () -> first.stream().map(n -> n.name() + "=" + text(n.snapshot())).collect(Collectors.joining("; ")));
        Map<Integer, String> ids = new LinkedHashMap<>();
        Map<Integer, Long> incarnations = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            ids.put(i, first.get(i - 1).id());
            incarnations.put(i, first.get(i - 1).localMember().incarnation());
        }
        first.forEach(PekoNode::close); // leaves, saves the final state, releases ports and the directory lock
        running.clear();

        long restartedAt = System.nanoTime();
        List<PekoNode> second = new ArrayList<>();
        for (int i : new int[] {3, 5, 1, 4, 2}) {
            PekoNode n = node(i, false);
            assertTrue(n.config().seeds().isEmpty());
            n.start();
            assertEquals(ids.get(i), n.id(), "same id from the data directory");
            assertTrue(n.localMember().incarnation() > incarnations.get(i), "outranks its previous life");
            assertEquals(expected, text(n.snapshot()), n.name() + " has its metadata before rejoining");
            n.join(List.of()); // no seeds: the persisted members are the join targets
            second.add(n);
        }
        Set<String> idSet = new HashSet<>(ids.values());
        long deadline = System.nanoTime() + WAIT.toNanos();
        // Restored members count as alive at once, so "N live members" alone proves nothing: every node
        // must also have heard each peer's new life (the incarnation it took on restart).
        while (!reformed(second, N)) {
            for (PekoNode n : second) {
                List<String> seen = n.members().stream().map(Member::id).toList();
                assertEquals(seen.size(), new HashSet<>(seen).size(), n.name() + " sees a member twice: " + seen);
                assertTrue(idSet.containsAll(seen), n.name() + " sees an unknown id: " + seen);
            }
            if (System.nanoTime() > deadline) {
                fail("cluster did not re-form: " + TestClusters.describe(second));
            }
            LockSupport.parkNanos(5_000_000L); // polling interval
        }
        long reformedMillis = (System.nanoTime() - restartedAt) / 1_000_000;
        reporter.publishEntry("realSocketRestart.udp.n5.reformedMillis", String.valueOf(reformedMillis));
        System.out.println("[restart] realSocketRestart.udp.n5.reformedMillis = " + reformedMillis);
        for (PekoNode n : second) {
            assertEquals(idSet, n.liveMembers().stream().map(Member::id).collect(Collectors.toSet()), n.name());
            assertEquals(expected, text(n.snapshot()), n.name());
        }
        // And the re-formed cluster replicates.
        second.get(4).publish("after", new byte[] {9});
        Await.until(WAIT, () -> second.stream().allMatch(n -> n.read("after").isPresent()));
    }
}

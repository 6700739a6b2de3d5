package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes (event loop, codec, core) over the in-memory network, each with a data directory:
 * identity, metadata and membership survive a full stop of the cluster.
 */
class PersistentRestartTest {

    private static final int N = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dirs;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<PekoNode> running = new ArrayList<>();

    @AfterEach
    void closeAll() {
        running.forEach(PekoNode::close);
    }

    private static NodeAddress address(int i) {
        return new NodeAddress("p-" + i, 7946);
    }

    private PekoNode node(int i, boolean withSeed) {
        ClusterConfig.Builder config = TestClusters.fast().transport("memory").nodeName("p-" + i).bind(address(i))
                .persistence(p -> p.stateSaveInterval(Duration.ofMillis(50)))
                .lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(300)));
        if (withSeed && i != 1) {
            config.seed(address(1));
        }
        PekoNode node = PekoNode.builder(config.build()).transportProvider(network.provider())
                .dataDirectory(dirs.resolve("node-" + i)).build();
        running.add(node);
        return node;
    }

    @Test
    void aStoppedClusterReformsWithNoSeedsKeepingIdsAndMetadata() {
        // First life: a cluster formed through p-1, with metadata from everyone and one removed key.
        List<PekoNode> first = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            first.add(node(i, true).start());
        }
        first.forEach(n -> n.join(List.of()));
        Await.until(WAIT, () -> first.stream().allMatch(n -> n.liveMembers().size() == N),
                () -> TestClusters.describe(first));
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            first.get(i - 1).publish("key-" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            expected.put("key-" + i, "value-" + i);
        }
        first.get(0).publish("gone", new byte[] {1});
        first.get(0).remove("gone");
        Await.until(WAIT, () -> first.stream().allMatch(n -> text(n.snapshot()).equals(expected)),
                () -> first.stream().map(n -> n.name() + "=" + text(n.snapshot())).collect(Collectors.joining("; ")));
        Map<Integer, String> ids = new LinkedHashMap<>();
        Map<Integer, Long> incarnations = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            ids.put(i, first.get(i - 1).id());
            incarnations.put(i, first.get(i - 1).localMember().incarnation());
        }
        first.forEach(PekoNode::close);
        running.clear();

        // Second life: another order, no seeds at all; everything needed comes from the data directories.
        List<PekoNode> second = new ArrayList<>();
        for (int i : new int[] {4, 2, 5, 1, 3}) {
            PekoNode n = node(i, false);
            assertTrue(n.config().seeds().isEmpty());
            assertEquals(ids.get(i), n.id(), "same id from the data directory");
            n.start();
            // Readable before rejoining: restored from disk, not from peers.
            assertEquals(expected, text(n.snapshot()), n.name() + " right after start");
            assertEquals(ids.get(i), n.localMember().id());
            assertTrue(n.localMember().incarnation() > incarnations.get(i), "outranks its previous life");
            n.join(List.of());
            second.add(n);
        }
        Set<String> idSet = new HashSet<>(ids.values());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!second.stream().allMatch(n -> n.liveMembers().size() == N)) {
            // Never a ghost: no node is ever seen under a second identity.
            for (PekoNode n : second) {
                List<String> seen = n.members().stream().map(Member::id).toList();
                assertEquals(seen.size(), new HashSet<>(seen).size(), n.name() + " sees a member twice: " + seen);
                assertTrue(idSet.containsAll(seen), n.name() + " sees an unknown id: " + seen + " vs " + idSet);
            }
            if (System.nanoTime() > deadline) {
                fail("cluster did not re-form: " + TestClusters.describe(second));
            }
            LockSupport.parkNanos(5_000_000L);
        }
        for (PekoNode n : second) {
            assertEquals(N, n.members().size(), n.name() + ": " + n.members());
            assertEquals(idSet, n.liveMembers().stream().map(Member::id).collect(Collectors.toSet()));
            assertEquals(expected, text(n.snapshot()));
        }
        // And the metadata keeps replicating in the new life.
        second.get(0).publish("after", new byte[] {42});
        Await.until(WAIT, () -> second.stream().allMatch(n -> n.read("after").isPresent()));
        assertArrayEquals(new byte[] {42}, second.get(4).read("after").orElseThrow());
    }

    @Test
    void joinWithNoSeedsContactsThePersistedMembers() throws Exception {
        PekoNode y = node(2, false).start();
        // x remembers y only as gone (nothing would probe it): join() is the only way back.
        Path xDir = dirs.resolve("node-1");
        try (FileStateStore store = FileStateStore.open(xDir, Optional.of("x"), Duration.ofSeconds(1))) {
            store.save(new PersistedState("x", 4,
                    List.of(new Member(y.id(), "p-2", address(2), Map.of(), MemberState.DEAD, 0)), List.of()));
        }
        PekoNode x = node(1, false).start();
        assertEquals("x", x.id());
        assertEquals(5, x.localMember().incarnation(), "persisted incarnation + 1");
        assertEquals(1, x.join(List.of()).get(20, TimeUnit.SECONDS), "joined through a persisted member");
        Await.until(WAIT, () -> x.liveMembers().size() == 2 && y.liveMembers().size() == 2,
                () -> TestClusters.describe(List.of(x, y)));
    }

    @Test
    void aRunningNodeSavesChangesWithoutBeingClosedSoACrashLosesAtMostOneInterval() {
        PekoNode n = node(1, false).start();
        n.publish("k", new byte[] {7});
        Path file = dirs.resolve("node-1").resolve("state.bin");
        Await.until(WAIT, () -> savedKeys(file).contains("k"));
        n.remove("k");
        Await.until(WAIT, () -> {
            PersistedState s = saved(file);
            return s != null && s.metadata().size() == 1 && s.metadata().get(0).isTombstone();
        });
        assertEquals(n.id(), saved(file).nodeId());
    }

    private static PersistedState saved(Path file) {
        try {
            return StateFormat.decode(Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            return null; // not written yet (a rename makes it appear whole, never half)
        }
    }

    private static List<String> savedKeys(Path file) {
        PersistedState s = saved(file);
        return s == null ? List.of() : s.metadata().stream().map(e -> e.key()).toList();
    }

    @Test
    void theIdIsStableAcrossInstancesAndAConflictingConfiguredIdFails() throws Exception {
        String id;
        try (PekoNode a = node(1, false)) {
            id = a.id();
        }
        try (PekoNode b = node(1, false)) {
            assertEquals(id, b.id());
        }
        assertEquals(id + "\n", Files.readString(dirs.resolve("node-1").resolve("node-id")));
        ClusterConfig other = TestClusters.fast().transport("memory").nodeId("not-" + id).bind(address(1)).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PekoNode.builder(other)
                .transportProvider(network.provider()).dataDirectory(dirs.resolve("node-1")).build());
        assertTrue(e.getMessage().contains("belongs to node id '" + id + "'"), e.getMessage());
    }

    @Test
    void aNodeThatNeverStartedSavesNothingAndANodeWithoutADataDirectoryIsNewEachTime() throws Exception {
        try (PekoNode a = node(1, false)) {
            a.id();
        }
        assertTrue(Files.notExists(dirs.resolve("node-1").resolve("state.bin")));
        ClusterConfig plain = TestClusters.fast().transport("memory").bind(address(2)).build();
        try (PekoNode x = PekoNode.builder(plain).transportProvider(network.provider()).build();
             PekoNode y = PekoNode.builder(plain).transportProvider(network.provider()).build()) {
            assertTrue(!x.id().equals(y.id()));
        }
    }

    private static Map<String, String> text(Map<String, byte[]> snapshot) {
        Map<String, String> out = new LinkedHashMap<>();
        snapshot.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
        return out;
    }
}

package io.pekonode.engine.persistence;

import static io.pekonode.engine.persistence.RestartChecks.reformed;
import static io.pekonode.engine.persistence.RestartChecks.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.engine.sockets.CrashableTransports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash restarts over real sockets: two of five UDP nodes with data directories die without a
 * shutdown (their sockets close at once, no leave, no final save) right after writes. Their data
 * directories are taken as the crash left them; the others declare them dead; they start again from
 * those directories on the same addresses, with no seeds. They must come back with their ids and
 * their saved metadata, be seen alive in their new lives by everyone, and a write made after the
 * restart must reach every node (restored members alone would look like a cluster without being one).
 */
class RealSocketCrashRestartTest {

    private static final int N = 5;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SAVE_INTERVAL = Duration.ofMillis(100);

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

    private PekoNode node(int i, Path dataDirectory, TransportProvider transport, boolean withSeed) {
        ClusterConfig.Builder config = TestClusters.fast().transport("udp").nodeName("c-" + i)
                .bind(new NodeAddress("127.0.0.1", ports[i])).persistence(p -> p.stateSaveInterval(SAVE_INTERVAL))
                .lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(300)));
        if (withSeed && i != 1) {
            config.seed(new NodeAddress("127.0.0.1", ports[1]));
        }
        PekoNode node = PekoNode.builder(config.build()).transportProvider(transport).dataDirectory(dataDirectory).build();
        running.add(node);
        return node;
    }

    /** True once the node's state file on disk holds every key of {@code keys}. */
    private static boolean savedOnDisk(Path dataDirectory, Set<String> keys) {
        try {
            PersistedState state = StateFormat.decode(Files.readAllBytes(dataDirectory.resolve(FileStateStore.STATE_FILE)));
            return state.metadata().stream().filter(e -> !e.isTombstone()).map(e -> e.key()).collect(Collectors.toSet())
                    .containsAll(keys);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a killed process leaves behind: the directory's files as they are (saves are atomic renames). */
    private static void copyAsTheCrashLeftIt(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void twoNodesKilledAfterWritesRestartFromTheirDataDirectoriesAndTheClusterReplicatesAgain() throws Exception {
        Map<Integer, CrashableTransports> killable = Map.of(2, new CrashableTransports(udp()), 4, new CrashableTransports(udp()));
        List<PekoNode> first = new ArrayList<>();
        for (int i = 1; i <= N; i++) {
            PekoNode n = node(i, dirs.resolve("node-" + i), killable.containsKey(i) ? killable.get(i) : udp(), true).start();
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
        Await.until(WAIT, () -> first.stream().allMatch(n -> text(n.snapshot()).equals(expected)), () -> TestClusters.describe(first));
        // The periodic save is all a killed process leaves: wait until it holds the writes.
        Await.until(WAIT, () -> killable.keySet().stream().allMatch(i -> savedOnDisk(dirs.resolve("node-" + i), expected.keySet())));

        Map<Integer, String> ids = new LinkedHashMap<>();
        Map<Integer, Long> incarnations = new LinkedHashMap<>();
        for (int i = 1; i <= N; i++) {
            ids.put(i, first.get(i - 1).id());
            incarnations.put(i, first.get(i - 1).localMember().incarnation());
        }
        List<PekoNode> survivors = new ArrayList<>();
        List<ClusterEvent> departures = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= N; i++) {
            if (!killable.containsKey(i)) {
                survivors.add(first.get(i - 1));
                first.get(i - 1).subscribe(e -> {
                    if (e instanceof ClusterEvent.MemberLeft || e instanceof ClusterEvent.MemberFailed) {
                        departures.add(e);
                    }
                });
            }
        }
        for (int i : killable.keySet()) {
            killable.get(i).crash();
            copyAsTheCrashLeftIt(dirs.resolve("node-" + i), dirs.resolve("crashed-" + i));
        }
        Set<String> killedIds = killable.keySet().stream().map(ids::get).collect(Collectors.toSet());
        Duration detection = TestClusters.failureDetectionBound(first.get(0).config(), N);
        Await.until(detection, () -> survivors.stream().allMatch(s -> killedIds.stream()
                        .allMatch(id -> s.member(id).map(m -> m.state() == MemberState.DEAD).orElse(false))),
                () -> TestClusters.describe(survivors));
        assertTrue(departures.stream().noneMatch(e -> e instanceof ClusterEvent.MemberLeft), "a kill is no leave: " + departures);
        for (int i : killable.keySet()) {
            PekoNode zombie = first.get(i - 1);
            zombie.close(); // the engine object of the killed process; its sockets are long closed
            running.remove(zombie);
        }

        List<PekoNode> all = new ArrayList<>(survivors);
        for (int i : killable.keySet()) {
            PekoNode n = node(i, dirs.resolve("crashed-" + i), udp(), false);
            assertTrue(n.config().seeds().isEmpty());
            n.start();
            assertEquals(ids.get(i), n.id(), "same id from the data directory the crash left");
            assertTrue(n.localMember().incarnation() > incarnations.get(i), "outranks its previous life");
            assertEquals(expected, text(n.snapshot()), n.name() + " has its metadata from disk before rejoining");
            n.join(List.of()); // no seeds: the persisted members are the join targets
            all.add(n);
        }
        Set<String> idSet = new HashSet<>(ids.values());
        Await.until(WAIT, () -> reformed(all, N), () -> TestClusters.describe(all));
        for (PekoNode n : all) {
            List<String> seen = n.members().stream().map(Member::id).toList();
            assertEquals(idSet, new HashSet<>(seen), n.name() + " lists the same ids as before, no ghost");
            assertEquals(seen.size(), idSet.size(), n.name() + " lists a member twice: " + seen);
            assertEquals(expected, text(n.snapshot()), n.name());
        }
        // Proof of a cluster, not of restored tables: writes after the restart, from a restarted node
        // and from a survivor, reach every node.
        all.get(N - 1).publish("after-from-restarted", new byte[] {1});
        all.get(0).publish("after-from-survivor", new byte[] {2});
        Await.until(WAIT, () -> all.stream().allMatch(n -> n.read("after-from-restarted").isPresent()
                && n.read("after-from-survivor").isPresent()), () -> TestClusters.describe(all));
    }
}

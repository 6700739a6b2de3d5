package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in a quiet cluster rewrites nothing (each save is a new file by atomic rename, so the file
 * key shows every write), and a change reaches the disk within about one save interval.
 */
class IdleSaveTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CHANGES = 21;

    @TempDir
    Path dirs;

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<PekoNode> running = new ArrayList<>();

    @AfterEach
    void closeAll() {
        running.forEach(PekoNode::close);
    }

    private PekoNode node(int i) {
        ClusterConfig.Builder config = TestClusters.fast().transport("memory").nodeName("idle-" + i)
                .bind(new NodeAddress("idle-" + i, 7946)).persistence(p -> p.stateSaveInterval(INTERVAL))
                .lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(200)));
        if (i != 1) {
            config.seed(new NodeAddress("idle-1", 7946));
        }
        PekoNode node = PekoNode.builder(config.build()).transportProvider(network.provider())
                .dataDirectory(dirs.resolve("n" + i)).build();
        running.add(node);
        return node.start();
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsKey(Path file, String key) {
        try {
            return StateFormat.decode(Files.readAllBytes(file)).metadata().stream().anyMatch(e -> e.key().equals(key));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anIdleNodeWritesNothingAfterItsFirstSaveAndAChangeIsSavedWithinTheInterval() {
        PekoNode a = node(1);
        PekoNode b = node(2);
        b.join(List.of()).join();
        Path file = dirs.resolve("n1").resolve(FileStateStore.STATE_FILE);
        Await.until(WAIT, () -> a.liveMembers().size() == 2 && b.liveMembers().size() == 2);
        a.publish("first", new byte[] {1});
        Await.until(WAIT, () -> holdsKey(file, "first"));

        // Quiet from here on (probes and acks keep flowing): wait for one stable save, then 30 intervals more.
        Object settled = fileKey(file);
        long giveUp = System.nanoTime() + WAIT.toNanos();
        long deadline = System.nanoTime() + 30 * INTERVAL.toNanos();
        int restarts = 0;
        while (System.nanoTime() < deadline) {
            Object now = fileKey(file);
            if (!now.equals(settled)) {
                settled = now; // a save still in flight from the join; restart the quiet window
                deadline = System.nanoTime() + 30 * INTERVAL.toNanos();
                restarts++;
                assertTrue(System.nanoTime() < giveUp, "the state file kept being rewritten: " + restarts + " writes");
            }
            LockSupport.parkNanos(2_000_000); // observing a window, not waiting for an event
        }
        assertTrue(restarts <= 2, "an idle node rewrote its state " + restarts + " times");
        assertEquals(settled, fileKey(file), "no write while nothing changes");

        // A remote change reaches the disk within one gossip round (the only peer is every round's
        // target) plus one save interval: 100 ms here, measured a median of about 60 ms. One change on two
        // busy cores can be late by whatever the scheduler adds, so the median of CHANGES changes is
        // held to it: saving every second interval, or a gossip round lost, moves the median past it.
        long[] millis = new long[CHANGES];
        for (int i = 0; i < CHANGES; i++) {
            String key = "second-" + i;
            long changedAt = System.nanoTime();
            b.publish(key, new byte[] {2});
            Await.until(WAIT, () -> holdsKey(file, key));
            millis[i] = (System.nanoTime() - changedAt) / 1_000_000;
        }
        Arrays.sort(millis);
        long median = millis[CHANGES / 2];
        long bound = TestClusters.fast().build().gossip().interval().toMillis() + INTERVAL.toMillis();
        System.out.println("IDLE-SAVE: remote change to disk, sorted ms: " + Arrays.toString(millis) + "; bound on the median " + bound);
        assertTrue(median <= bound, "a remote change reached the disk in a median of " + median + " ms, over "
                + bound + " ms: " + Arrays.toString(millis));
    }
}

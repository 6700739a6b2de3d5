package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node per data directory: a second one fails fast and clearly; a crashed holder never blocks a restart. */
class DataDirectoryLockTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aSecondStoreOnTheSameDirectoryFailsUntilTheFirstIsClosed() {
        FileStateStore first = FileStateStore.open(dir, Optional.empty(), SECOND);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FileStateStore.open(dir, Optional.empty(), SECOND));
        assertTrue(e.getMessage().contains("in use by another running node"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        // The failed attempt must not have released the first store's lock (POSIX drops a process's
        // locks when any channel to the file closes): still refused.
        assertThrows(IllegalStateException.class, () -> FileStateStore.open(dir, Optional.empty(), SECOND));

        first.close();
        first.close(); // idempotent
        try (FileStateStore again = FileStateStore.open(dir, Optional.empty(), SECOND)) {
            assertEquals(first.nodeId(), again.nodeId());
        }
    }

    @Test
    void aSecondNodeOnTheSameDirectoryFailsAtBuildAndTheFirstNodeKeepsWorking() {
        InMemoryNetwork network = new InMemoryNetwork();
        PekoNode first = node(network, 1).start();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> node(network, 2));
            assertTrue(e.getMessage().contains("in use by another running node"), e.getMessage());
            first.publish("still", new byte[] {1});
            assertTrue(first.read("still").isPresent());
        } finally {
            first.close();
        }
        PekoNode again = node(network, 2).start();
        try {
            assertEquals(first.id(), again.id(), "after close the directory (and identity) is free to use");
        } finally {
            again.close();
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsCrashFreesTheDirectory() throws Exception {
        Path program = dir.resolve("HoldLock.java");
        Files.writeString(program, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE,
                                StandardOpenOption.READ, StandardOpenOption.WRITE);
                        if (ch.tryLock() == null) { System.out.println("busy"); return; }
                        ch.truncate(0);
                        ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\\n").getBytes()), 0);
                        System.out.println("locked");
                        System.in.read(); // hold the lock until killed (stdin stays open until then)
                    }
                }
                """);
        Path data = Files.createDirectories(dir.resolve("data"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, program.toString(), data.resolve(DirectoryLock.FILE).toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FileStateStore.open(data, Optional.empty(), SECOND));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.destroyForcibly(); // kill -9: no chance to unlock or delete anything
            assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(data.resolve(DirectoryLock.FILE)), "the crash left its lock file behind");
        try (FileStateStore store = FileStateStore.open(data, Optional.empty(), SECOND)) {
            assertTrue(Files.readString(data.resolve(DirectoryLock.FILE)).contains("pid " + ProcessHandle.current().pid()));
            store.save(States.sample(store.nodeId(), 1));
        }
    }

    private PekoNode node(InMemoryNetwork network, int i) {
        ClusterConfig config = TestClusters.fast().transport("memory").nodeName("lock-" + i)
                .bind(new NodeAddress("lock-" + i, 7946)).lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(100)))
                .build();
        return PekoNode.builder(config).transportProvider(network.provider()).dataDirectory(dir).build();
    }
}

package io.pekonode.it.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution started with bad input, as an operator would: it exits non-zero with one line on
 * stderr that names the problem, and nothing half-started stays behind (the process ends, and the
 * data directory can be used by the next start). Runs the unpacked distribution, no Docker needed.
 */
class DistributionBadInputIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    private final Distribution dist = Distribution.built();

    private static void assertOneClearLine(Distribution.Run run, String... mustName) {
        assertNotEquals(0, run.exitCode(), "must fail; stdout:\n" + run.out() + "\nstderr:\n" + run.err());
        List<String> lines = run.errLines();
        assertEquals(1, lines.size(), "exactly one line on stderr, got:\n" + run.err());
        for (String part : mustName) {
            assertTrue(lines.get(0).contains(part), "the line names " + part + ": " + lines.get(0));
        }
        assertTrue(!run.err().contains("\tat ") && !run.out().contains("\tat "), "no stack trace:\n" + run.out() + run.err());
    }

    private List<String> loopbackAgent(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("agent", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--name", "bad-input"));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        Distribution.Run run = dist.run(LIMIT, "--version");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("pekonode " + System.getProperty("pekonode.it.projectVersion"), run.out().lines().findFirst().orElse(""));
    }

    @Test
    void aMissingKeyFile() throws Exception {
        Path missing = temp.resolve("absent.keys");
        assertOneClearLine(dist.run(LIMIT, loopbackAgent("--secret-file", missing.toString()).toArray(String[]::new)),
                "--secret-file", missing.toString());
    }

    @Test
    void anUnreadableKeyFile() throws Exception {
        // A directory cannot be read as a file, whoever runs the test (root reads any file regardless of its mode).
        Path directory = Files.createDirectories(temp.resolve("keys-dir"));
        assertOneClearLine(dist.run(LIMIT, loopbackAgent("--secret-file", directory.toString()).toArray(String[]::new)),
                "--secret-file", directory.toString(), "cannot be read");
    }

    @Test
    void aDataDirectoryThatCannotBeWritten() throws Exception {
        // Below a regular file nothing can be created, whoever runs the test.
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        Path dataDir = file.resolve("data");
        assertOneClearLine(dist.run(LIMIT, loopbackAgent("--data-dir", dataDir.toString()).toArray(String[]::new)),
                "data directory", dataDir.toString());
    }

    @Test
    void anHttpPortInUseAndTheDataDirectoryIsFreeAfterwards() throws Exception {
        Path dataDir = temp.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String address = "127.0.0.1:" + taken.getLocalPort();
            Distribution.Run run = dist.run(LIMIT, "agent", "--bind", "127.0.0.1:0", "--http", address,
                    "--data-dir", dataDir.toString(), "--name", "bad-input");
            assertOneClearLine(run, address, "HTTP");
        }
        // The failed start released its data directory: the next start with it works and stops cleanly.
        Distribution.Run again = dist.startAndStop(LIMIT, "agent", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--data-dir", dataDir.toString(), "--name", "bad-input");
        assertTrue(again.out().contains("PekoNode agent started"), again.out());
        assertTrue(again.out().contains("PekoNode agent stopped"), "SIGTERM: a graceful stop\n" + again.out());
    }

    @Test
    void aGossipPortInUse() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Distribution.Run run = dist.run(LIMIT, "agent", "--bind", address, "--http", "127.0.0.1:0", "--name", "bad-input");
            assertOneClearLine(run, String.valueOf(taken.getLocalPort()), "not available");
        }
    }
}

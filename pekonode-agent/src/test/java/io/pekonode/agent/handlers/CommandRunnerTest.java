package io.pekonode.agent.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandRunnerTest {

    private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10), 64);

    @Test
    void catGetsThePayloadOnStdinAndItsStdoutIsKept() throws Exception {
        byte[] payload = {'h', 'i', 0, (byte) 0xff, '\n'};
        CommandResult result = runner.run("cat", payload, Map.of());
        assertTrue(result.succeeded(), result.describeFailure());
        assertArrayEquals(payload, result.stdout(), "binary-safe both ways");
        assertFalse(result.truncated());
    }

    @Test
    void environmentVariablesReachTheShell() throws Exception {
        CommandResult result = runner.run("echo \"$PEKONODE_EVENT/$PEKONODE_LTIME\"", new byte[0],
                Map.of("PEKONODE_EVENT", "deploy", "PEKONODE_LTIME", "42"));
        assertEquals("deploy/42\n", result.stdoutText());
    }

    @Test
    void stdoutBeyondTheLimitIsDroppedAndFlagged() throws Exception {
        CommandResult result = runner.run("head -c 100000 /dev/zero", new byte[0], Map.of());
        assertTrue(result.succeeded(), "the command is not blocked by a full pipe: " + result.describeFailure());
        assertEquals(64, result.stdout().length);
        assertTrue(result.truncated());
    }

    @Test
    void aFailingCommandReportsItsStatusAndStderr() throws Exception {
        CommandResult result = runner.run("echo 'disk on fire' >&2; exit 3", new byte[0], Map.of());
        assertFalse(result.succeeded());
        assertEquals(3, result.exitCode());
        assertFalse(result.timedOut());
        assertEquals("exited with 3; stderr: disk on fire", result.describeFailure());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren(@TempDir Path dir) throws Exception {
        CommandRunner quick = new CommandRunner(Duration.ofMillis(300), 64);
        Path pidFile = dir.resolve("child.pid");
        // The shell forks a child and waits for it, so killing only the shell would leave the sleep.
        CommandResult result = quick.run("sleep 30 & echo $! > " + pidFile + "; wait", new byte[0], Map.of());
        assertTrue(result.timedOut());
        assertEquals(-1, result.exitCode());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(5)) < 0, "killed at the timeout: " + result.elapsed());
        assertTrue(result.describeFailure().startsWith("timed out after "), result.describeFailure());
        long child = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        var handle = ProcessHandle.of(child);
        if (handle.isPresent()) {
            // Throws TimeoutException if the 30 s sleep survived its shell.
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCommandThatIgnoresALargePayloadStillFinishes() throws Exception {
        CommandResult result = runner.run("echo done", new byte[4 * 1024 * 1024], Map.of());
        assertTrue(result.succeeded(), result.describeFailure());
        assertEquals("done\n", result.stdoutText());
    }
}

package io.pekonode.agent.handlers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How one handler command ended.
 *
 * @param exitCode  the process's exit status, or -1 when it was killed for running too long
 * @param timedOut  true when the timeout killed it
 * @param stdout    what it wrote to stdout, at most the runner's limit
 * @param truncated true when stdout was longer than the limit (the rest was read and dropped)
 * @param stderr    the start of what it wrote to stderr, for the log
 * @param elapsed   wall time from start to exit
 */
public record CommandResult(int exitCode, boolean timedOut, byte[] stdout, boolean truncated, String stderr,
                            Duration elapsed) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    /** One line for the log: why it failed, with the start of its stderr. */
    public String describeFailure() {
        String why = timedOut ? "timed out after " + elapsed.toMillis() + " ms and was killed" : "exited with " + exitCode;
        String err = stderr.strip();
        return err.isEmpty() ? why : why + "; stderr: " + err.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}

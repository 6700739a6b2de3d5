package io.pekonode.agent.handlers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one handler command with {@code /bin/sh -c}: the payload on stdin, extra environment
 * variables, stdout kept up to a limit, and a timeout after which the process and its children are
 * killed. The three pipes are pumped by short-lived threads so that a command which ignores stdin,
 * or writes a lot, can neither block nor outlive its timeout.
 */
public final class CommandRunner {

    /** Bytes of stderr kept for the log line of a failing command. */
    static final int STDERR_KEPT = 4 * 1024;
    /** After exit, how long to wait for the pipes to close (a background child may hold them). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(1);

    private final Duration timeout;
    private final int maxOutputBytes;

    public CommandRunner(Duration timeout, int maxOutputBytes) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handler timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.maxOutputBytes = maxOutputBytes;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs {@code command} to completion or timeout.
     *
     * @throws IOException when the shell cannot be started at all
     */
    public CommandResult run(String command, byte[] stdin, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        Pump out = Pump.reading(process.getInputStream(), maxOutputBytes, "stdout");
        Pump err = Pump.reading(process.getErrorStream(), STDERR_KEPT, "stderr");
        Thread in = writer(process.getOutputStream(), stdin);
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        if (!exited) {
            kill(process);
            process.waitFor(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        out.join(DRAIN_WAIT);
        err.join(DRAIN_WAIT);
        in.interrupt();
        return new CommandResult(exited ? process.exitValue() : -1, !exited, out.bytes(), out.overflowed(),
                err.text(), elapsed);
    }

    /** Kills the shell and everything it started (sh may fork rather than exec the command). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Thread writer(OutputStream stdin, byte[] payload) {
        Thread t = new Thread(() -> {
            try (stdin) {
                stdin.write(payload);
            } catch (IOException e) {
                // The command exited or closed stdin without reading it all: that is its choice.
            }
        }, "pekonode-handler-stdin");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads a stream to its end, keeping the first {@code limit} bytes. */
    private static final class Pump implements Runnable {
        private final InputStream stream;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean overflowed;
        private Thread thread;

        private Pump(InputStream stream, int limit) {
            this.stream = stream;
            this.limit = limit;
        }

        static Pump reading(InputStream stream, int limit, String name) {
            Pump pump = new Pump(stream, limit);
            pump.thread = new Thread(pump, "pekonode-handler-" + name);
            pump.thread.setDaemon(true);
            pump.thread.start();
            return pump;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = limit - kept.size();
                        if (n > room) {
                            overflowed = true;
                        }
                        kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
                    }
                }
            } catch (IOException e) {
                // The process was killed or the pipe closed: keep what was read.
            }
        }

        void join(Duration wait) throws InterruptedException {
            thread.join(wait.toMillis());
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        boolean overflowed() {
            return overflowed;
        }
    }
}

package io.pekonode.it.dist;

import io.pekonode.it.image.ImageSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution that the build made, run as a user runs it: {@code bin/pekonode ...}. */
final class Distribution {

    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    static Distribution built() {
        Path home = ImageSettings.fromSystemProperties().distHome();
        if (!Files.isExecutable(home.resolve("bin/pekonode"))) {
            throw new IllegalStateException("no distribution at " + home + "; `mvn verify` from the repository root builds it");
        }
        return new Distribution(home);
    }

    Path home() {
        return home;
    }

    /** Runs {@code bin/pekonode args} to its end; fails if it is still running after {@code timeout}. */
    Run run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/pekonode").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/pekonode " + String.join(" ", args) + " still runs after " + timeout.toSeconds()
                    + " s: something half-started stayed behind. Output so far: " + out.getNow("") + err.getNow(""));
        }
        return new Run(process.exitValue(), out.join(), err.join());
    }

    /**
     * Starts {@code bin/pekonode args}, waits until the agent logs that it started, then stops it with
     * SIGTERM, as a service manager does; returns how it ended.
     */
    Run startAndStop(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/pekonode").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains("PekoNode agent started")) {
                        started.complete(null);
                    }
                }
            } catch (IOException e) {
                output.append("(unreadable: ").append(e).append(')');
            }
            started.complete(null);
        }, "dist-output");
        reader.start();
        try {
            started.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the agent did not start within " + timeout.toSeconds() + " s:\n" + output);
        }
        // SIGTERM through the handle: Process.destroy() would also close the output being read.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the agent did not stop on SIGTERM:\n" + output);
        }
        reader.join();
        return new Run(process.exitValue(), output.toString(), "");
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }
}

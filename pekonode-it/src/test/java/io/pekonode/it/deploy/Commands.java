package io.pekonode.it.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools a user runs (docker, docker-compose) and keeps what they printed. */
final class Commands {

    record Result(int exitCode, String output) {
    }

    private Commands() {
    }

    static boolean onPath(String tool) {
        try {
            return run(null, Map.of(), Duration.ofSeconds(30), List.of(tool, "version")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return new Result(process.exitValue(), output.join());
    }

    static String check(Path dir, Map<String, String> env, Duration timeout, List<String> command) throws IOException {
        Result result = run(dir, env, timeout, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}

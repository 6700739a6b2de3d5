package io.pekonode.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs build steps as child processes, with a deadline and their output kept for the error message. */
final class Processes {

    record Result(int exitCode, String output) {
    }

    private Processes() {
    }

    static Result run(Path workDir, long timeoutSeconds, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(')');
            }
        }, "process-output");
        reader.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return new Result(process.exitValue(), output.toString());
    }

    /** Like {@link #run} but throws, with the command's output, unless it exits 0. */
    static String check(Path workDir, long timeoutSeconds, List<String> command) throws IOException {
        Result result = run(workDir, timeoutSeconds, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }
}

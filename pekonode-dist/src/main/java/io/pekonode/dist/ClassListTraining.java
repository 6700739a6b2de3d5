package io.pekonode.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the classes a start loads, for the class data sharing archive: runs the distribution's agent
 * as a user would, asks its HTTP API what a health check and a client ask, runs one client command
 * against it, then makes it leave. The class lists of both processes, merged, are the archive's
 * recipe ({@code lib/pekonode.classlist}); the archive itself is made wherever the distribution lives.
 */
final class ClassListTraining {

    private static final Pattern STARTED = Pattern.compile("PekoNode agent started: .* http=http://(\\S+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** Same collector and compiler as bin/pekonode: the classes they load differ a little. */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:off");
    private static final String MAIN = "io.pekonode.agent/io.pekonode.agent.Main";

    private ClassListTraining() {
    }

    static void run(Path home, Path workDir, Path classList) throws IOException, InterruptedException {
        Trees.delete(workDir);
        Files.createDirectories(workDir);
        Path agentList = workDir.resolve("agent.classlist");
        Path clientList = workDir.resolve("client.classlist");
        List<String> agent = command(home, agentList, "agent", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--name", "cds-training", "--data-dir", workDir.resolve("data").toString());
        Process process = new ProcessBuilder(agent).redirectErrorStream(true).start();
        process.getOutputStream().close();
        StringBuilder log = new StringBuilder();
        CompletableFuture<String> http = new CompletableFuture<>();
        Thread reader = new Thread(() -> readLog(process, log, http), "cds-training-log");
        reader.start();
        try {
            String address;
            try {
                address = http.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("the training agent did not start within " + STARTUP_TIMEOUT.toSeconds() + " s: "
                        + e + "\nits output:\n" + log);
            }
            exercise(address);
            Processes.check(null, 60, command(home, clientList, "members", "--http", address));
            send(address, "POST", "/v1/leave", "");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("the training agent did not exit after POST /v1/leave; its output:\n" + log);
            }
            reader.join();
            if (process.exitValue() != 0) {
                throw new IOException("the training agent exited with " + process.exitValue() + "; its output:\n" + log);
            }
        } finally {
            process.destroyForcibly();
        }
        merge(List.of(agentList, clientList), classList);
    }

    private static List<String> command(Path home, Path classList, String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("runtime/bin/java").toString());
        command.addAll(JVM);
        command.add("-XX:DumpLoadedClassList=" + classList);
        command.addAll(List.of("-p", home.resolve("lib").toString(), "-m", MAIN));
        command.addAll(List.of(args));
        return command;
    }

    private static void readLog(Process process, StringBuilder log, CompletableFuture<String> http) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    http.complete(m.group(1));
                }
            }
            http.completeExceptionally(new IOException("the agent exited"));
        } catch (IOException e) {
            http.completeExceptionally(e);
        }
    }

    /** What probes, dashboards and clients ask right after a start. */
    private static void exercise(String address) throws IOException, InterruptedException {
        send(address, "GET", "/v1/health", null);
        send(address, "GET", "/v1/health/live", null);
        send(address, "GET", "/v1/health/ready", null);
        send(address, "GET", "/metrics", null);
        send(address, "GET", "/v1/members", null);
        send(address, "PUT", "/v1/kv/cds-training", "value");
        send(address, "GET", "/v1/kv/cds-training", null);
        send(address, "GET", "/v1/metrics", null);
    }

    private static void send(String address, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(20));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static final Pattern ID = Pattern.compile("\\b(id|super):\\s*(\\d+)|\\binterfaces:((?:\\s+\\d+)+)");

    /**
     * One list with each class once, in first-seen order. Newer JDKs number the entries ("id: N",
     * which "super:" and "interfaces:" of later entries refer to), so every list's numbers are mapped
     * onto one numbering: a class seen before keeps its first number. The comment header is kept once.
     */
    static void merge(List<Path> lists, Path target) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        java.util.Map<String, Long> mergedIds = new java.util.HashMap<>();
        long nextId = 0;
        for (Path list : lists) {
            java.util.Map<Long, Long> renumbered = new java.util.HashMap<>();
            for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.startsWith("@") || line.isBlank()) {
                    lines.add(line);
                    continue;
                }
                String name = line.split("\\s+", 2)[0];
                boolean seen = mergedIds.containsKey(name);
                Matcher ids = ID.matcher(line);
                StringBuilder mapped = new StringBuilder();
                while (ids.find()) {
                    String replacement;
                    if ("id".equals(ids.group(1))) {
                        long id = Long.parseLong(ids.group(2));
                        long merged = seen ? mergedIds.get(name) : nextId++;
                        mergedIds.put(name, merged);
                        renumbered.put(id, merged);
                        replacement = "id: " + merged;
                    } else if ("super".equals(ids.group(1))) {
                        replacement = "super: " + renumbered.getOrDefault(Long.parseLong(ids.group(2)), Long.parseLong(ids.group(2)));
                    } else {
                        StringBuilder interfaces = new StringBuilder("interfaces:");
                        for (String n : ids.group(3).trim().split("\\s+")) {
                            interfaces.append(' ').append(renumbered.getOrDefault(Long.parseLong(n), Long.parseLong(n)));
                        }
                        replacement = interfaces.toString();
                    }
                    ids.appendReplacement(mapped, Matcher.quoteReplacement(replacement));
                }
                ids.appendTail(mapped);
                if (!seen) {
                    mergedIds.putIfAbsent(name, -1L);
                    lines.add(mapped.toString());
                }
            }
        }
        Files.write(target, lines, StandardCharsets.UTF_8);
    }
}

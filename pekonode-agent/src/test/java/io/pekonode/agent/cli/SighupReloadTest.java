package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent process: it re-reads its config file on SIGHUP and says what only a restart can change,
 * and logs one JSON object a line with --log-format json.
 */
class SighupReloadTest {

    private static final Pattern HTTP = Pattern.compile("http=http://(\\S+)");
    private Process agent;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    private Process launch(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The agent's own log configuration, not the tests' (which the class path would bring in).
        Path logConfig = dir.resolve("log4j2.properties");
        try (var in = io.pekonode.agent.Main.class.getModule().getResourceAsStream("log4j2.properties")) {
            Files.write(logConfig, in.readAllBytes());
        }
        command.add("-Dlog4j2.configurationFile=" + logConfig);
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null) {
            // As the tests run: the jars surefire left on the class path are read by the automatic modules.
            command.addAll(List.of("-p", modulePath, "-cp", System.getProperty("java.class.path"),
                    "-m", "io.pekonode.agent/io.pekonode.agent.Main"));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pekonode.agent.Main"));
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
        return p;
    }

    private String logged(String text) {
        return output.stream().filter(l -> l.contains(text)).findFirst().orElse(null);
    }

    @Test
    void sighupReloadsTagsLogLevelAndHandlersAndReportsTheRest(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "name: hup\ntag: {role: web}\nlog-level: info\nprofile: local\n");
        agent = launch(dir, "agent", "--config-file", config.toString(), "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0");
        Await.until("the agent to start", Duration.ofSeconds(60), () -> logged("PekoNode agent started") != null,
                output::toString);
        Matcher m = HTTP.matcher(logged("PekoNode agent started"));
        assertTrue(m.find(), output.toString());
        String http = m.group(1);
        assertTrue(output.get(0).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}([+-]\\d{2}:\\d{2}|Z) .*"),
                "log lines carry the date and the zone: " + output.get(0));

        Path events = dir.resolve("events");
        Files.writeString(config, "name: hup\ntag: {role: db, zone: b}\nlog-level: warn\nprofile: wan\n"
                + "event-handler: ['user:ping=cat >> " + events + "']\n");
        new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Await.until("the reload to be logged", Duration.ofSeconds(30), () -> logged("SIGHUP: reloaded") != null,
                output::toString);
        String reloaded = logged("SIGHUP: reloaded");
        assertTrue(reloaded.contains("tags") && reloaded.contains("log level: WARN") && reloaded.contains("handlers"), reloaded);
        Await.until("the settings that need a restart to be logged", Duration.ofSeconds(10),
                () -> logged("SIGHUP: not reloaded") != null, output::toString);
        String restart = logged("SIGHUP: not reloaded");
        assertTrue(restart != null && restart.contains("profile: local -> wan"), String.valueOf(restart));

        CliRun.Result tags = CliRun.run("tags", "list", "--http", http);
        assertEquals("role=db,zone=b", tags.out().strip(), tags.toString());
        assertEquals(ExitCodes.OK, CliRun.run("event", "ping", "pong", "--http", http).code());
        Await.until("the new handler to run", Duration.ofSeconds(20),
                () -> Files.exists(events) && "pong".equals(read(events)));

        Files.writeString(config, "tag: [broken\n");
        new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start().waitFor(10, TimeUnit.SECONDS);
        Await.until("the failed reload to be logged", Duration.ofSeconds(30),
                () -> logged("SIGHUP: reload failed, nothing changed") != null, output::toString);
        assertEquals("role=db,zone=b", CliRun.run("tags", "list", "--http", http).out().strip());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLine(@TempDir Path dir) throws Exception {
        agent = launch(dir, "agent", "--name", "json", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--log-format", "json");
        Await.until("the agent to start", Duration.ofSeconds(60), () -> logged("PekoNode agent started") != null,
                output::toString);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var started = mapper.readTree(logged("PekoNode agent started"));
        assertEquals("INFO", started.get("level").asText());
        assertEquals("json", started.get("node").asText());
        assertTrue(started.get("message").asText().startsWith("PekoNode agent started"), started.toString());
        assertTrue(started.get("time").asText().matches("\\d{4}-\\d{2}-\\d{2}T.*([+-]\\d{2}:\\d{2}|Z)"), started.toString());
        int fromSwitch = output.indexOf(logged("PekoNode agent started"));
        for (String line : output.subList(fromSwitch, output.size())) {
            assertTrue(mapper.readTree(line).has("message"), "a JSON object: " + line);
        }
    }
}

package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.Main;
import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.handlers.HandlerSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The agent's --service and handler flags. */
class MessagingOptionsTest {

    private static AgentOptions parse(String... args) {
        CommandLine cli = Main.commandLine(Io.system(), config -> {
            throw new AssertionError("parsing must not create a node");
        });
        return ((AgentCommand) cli.parseArgs(args).subcommand().commandSpec().userObject()).options;
    }

    @Test
    void servicesBecomeServiceTagsNextToTheOtherTags() {
        AgentOptions options = parse("agent", "--tag", "role=web", "--service", "api=8080", "--service", "metrics=9100");
        assertEquals(Map.of("role", "web", "service.api", "8080", "service.metrics", "9100"),
                options.toClusterConfig().tags());
    }

    @Test
    void handlerFlagsAreParsedWithTheirDefaults() {
        HandlerSettings none = parse("agent").handlerSettings();
        assertEquals(List.of(), none.eventHandlers());
        assertEquals(Duration.ofSeconds(30), none.timeout());
        assertEquals(4, none.concurrency());

        HandlerSettings settings = parse("agent", "--event-handler", "*=logger -t pekonode",
                "--event-handler", "deploy=./deploy.sh --env=prod", "--query-handler", "uptime=uptime",
                "--handler-timeout", "1500ms", "--handler-concurrency", "2").handlerSettings();
        assertEquals(List.of(new HandlerSpec("*", "logger -t pekonode"), new HandlerSpec("deploy", "./deploy.sh --env=prod")),
                settings.eventHandlers());
        assertEquals(List.of(new HandlerSpec("uptime", "uptime")), settings.queryHandlers());
        assertEquals(Duration.ofMillis(1500), settings.timeout());
        assertEquals(2, settings.concurrency());
        assertEquals(64 * 1024, settings.maxOutputBytes());
    }

    @Test
    void badMessagingFlagsAreUsageErrorsBeforeANodeStarts() {
        assertUsageError("--event-handler: expected NAME=COMMAND but got 'deploy'", "agent", "--event-handler", "deploy");
        assertUsageError("'*' is only for event handlers", "agent", "--query-handler", "*=echo");
        assertUsageError("two --query-handler flags for query 'q'", "agent", "--query-handler", "q=a",
                "--query-handler", "q=b");
        assertUsageError("--handler-timeout: expected a duration", "agent", "--handler-timeout", "soon");
        assertUsageError("--handler-concurrency must be >= 1", "agent", "--handler-concurrency", "0");
        assertUsageError("service name must be", "agent", "--service", "bad name=80");
        assertUsageError("--service api: port must be 1..65535", "agent", "--service", "api=70000");
        assertUsageError("Invalid value for option '--service'", "agent", "--service", "api=http");
        assertUsageError("--timeout", "query", "q", "--timeout", "forever");
    }

    private static void assertUsageError(String expected, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Main.run(io, config -> {
            throw new AssertionError("a bad command line must not start a node");
        }, args);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.USAGE, code, text);
        assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
    }
}

package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.Main;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.CliRun.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real agents (engine, UDP transport, JSON codec) on 127.0.0.1, driven through the command line
 * a user would type: services announced with --service, a user event running an --event-handler on
 * the other node, and a query answered by both nodes' --query-handler.
 */
class MessagingEndToEndTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private final List<AgentNode> agents = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() {
        agents.forEach(AgentNode::close);
    }

    /** Parses an agent command line exactly as {@code pekonode agent ...} would, then starts it. */
    private AgentNode startAgent(String... flags) {
        List<String> args = new ArrayList<>(List.of("agent", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--profile", "local"));
        args.addAll(List.of(flags));
        var parsed = Main.commandLine(Io.system(), ClusterFactory.engine()).parseArgs(args.toArray(String[]::new));
        AgentOptions options = ((AgentCommand) parsed.subcommand().commandSpec().userObject()).options;
        AgentNode agent = AgentNode.start(options.toClusterConfig(), options.http(), ClusterFactory.engine(),
                options.handlerSettings());
        agents.add(agent);
        return agent;
    }

    private static String http(AgentNode agent) {
        return agent.httpAddress().toString();
    }

    private AgentNode[] twoAgents(boolean withHandlers) {
        List<String> handlers = withHandlers
                ? List.of("--event-handler", "*=cat > " + dir.resolve("$PEKONODE_SELF_NAME.$PEKONODE_EVENT"),
                        "--query-handler", "whoami=printf '%s got %s' \"$PEKONODE_SELF_NAME\" \"$(cat)\"")
                : List.of();
        List<String> firstFlags = new ArrayList<>(List.of("--name", "m-1", "--service", "api=8081"));
        firstFlags.addAll(handlers);
        AgentNode first = startAgent(firstFlags.toArray(String[]::new));
        List<String> secondFlags = new ArrayList<>(List.of("--name", "m-2", "--service", "api=8082",
                "--join", first.cluster().localMember().address().toString()));
        secondFlags.addAll(handlers);
        AgentNode second = startAgent(secondFlags.toArray(String[]::new));
        Await.until("both agents to see each other", CONVERGE,
                () -> first.cluster().liveMembers().size() == 2 && second.cluster().liveMembers().size() == 2);
        return new AgentNode[] {first, second};
    }

    @Test
    void servicesAnnouncedByOneAgentAreListedByTheOther() {
        AgentNode[] nodes = twoAgents(false);
        Result[] listed = new Result[1];
        Await.until("m-1 to list both api instances", CONVERGE, () -> {
            listed[0] = CliRun.run("services", "api", "--http", http(nodes[0]));
            return listed[0].code() == ExitCodes.OK && listed[0].out().lines().count() == 3;
        }, () -> String.valueOf(listed[0]));
        String out = listed[0].out();
        assertTrue(out.lines().anyMatch(l -> l.contains(" m-1 ") && l.endsWith(" 127.0.0.1:8081")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains(" m-2 ") && l.endsWith(" 127.0.0.1:8082")), out);
    }

    @Test
    void anEventRunsTheOtherAgentsHandlerAndAQueryIsAnsweredByBoth() throws Exception {
        AgentNode[] nodes = twoAgents(true);

        Result event = CliRun.run("event", "deploy", "v7", "--http", http(nodes[0]));
        assertEquals(ExitCodes.OK, event.code(), event.toString());
        Path delivered = dir.resolve("m-2.deploy");
        Await.until("m-2's event handler to run", CONVERGE, () -> Files.exists(delivered)
                && nodes[1].handlerStats().succeeded() >= 1);
        assertEquals("v7", Files.readString(delivered, StandardCharsets.UTF_8));
        JsonNode seen = new ApiClient(nodes[1].httpAddress()).events(0).json().path("events");
        assertEquals("deploy", seen.get(0).path("name").asText());
        assertEquals(nodes[0].cluster().localMember().id(), seen.get(0).path("origin").asText());

        Result query = CliRun.run("query", "whoami", "ping", "--timeout", "3s", "--http", http(nodes[1]));
        assertEquals(ExitCodes.OK, query.code(), query.toString());
        assertTrue(query.out().contains(": m-1 got ping\n"), query.out());
        assertTrue(query.out().contains(": m-2 got ping\n"), query.out());
        assertTrue(query.out().endsWith("Total Acks: 2\nTotal Responses: 2\n"), query.out());

        Result filtered = CliRun.run("query", "whoami", "x", "--tag", "service.api=8081", "--timeout", "2s",
                "--http", http(nodes[1]));
        String m1 = "m-1 (" + nodes[0].cluster().localMember().id().substring(0, 8) + ")";
        // The ack comes as soon as m-1 has the query, its response once the handler ran.
        assertEquals("Ack from " + m1 + "\nResponse from " + m1 + ": m-1 got x\n"
                + "Total Acks: 1\nTotal Responses: 1\n", filtered.out());
    }
}

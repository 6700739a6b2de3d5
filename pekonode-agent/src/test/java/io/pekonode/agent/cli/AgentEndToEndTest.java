package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.Main;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.agent.testing.CliRun.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three real agents (engine, transport, codec) in this JVM on 127.0.0.1, driven only through the
 * command line a user would type: they converge, share a key, and one leaves.
 */
class AgentEndToEndTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private final List<AgentNode> agents = new ArrayList<>();

    @AfterEach
    void closeAll() {
        agents.forEach(AgentNode::close);
    }

    /** Parses an agent command line exactly as {@code pekonode agent ...} would, then starts it. */
    private AgentNode startAgent(String... flags) {
        List<String> args = new ArrayList<>(List.of("agent", "--bind", "127.0.0.1:0", "--http", "127.0.0.1:0",
                "--profile", "local"));
        args.addAll(List.of(flags));
        var parsed = Main.commandLine(Io.system(), ClusterFactory.engine())
                .parseArgs(args.toArray(String[]::new));
        AgentOptions options = ((AgentCommand) parsed.subcommand().commandSpec().userObject()).options;
        AgentNode agent = AgentNode.start(options.toClusterConfig(), options.http(), ClusterFactory.engine());
        agents.add(agent);
        return agent;
    }

    private static String http(AgentNode agent) {
        return agent.httpAddress().toString();
    }

    private static long countLines(String text, String word) {
        return text.lines().filter(l -> l.contains(word)).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void threeAgentsFormAClusterShareAKeyAndSeeALeave(String transport) throws Exception {
        AgentNode first = startAgent("--name", "e2e-1", "--transport", transport, "--tag", "role=seed");
        String seed = first.cluster().localMember().address().toString();
        AgentNode second = startAgent("--name", "e2e-2", "--transport", transport, "--join", seed);
        AgentNode third = startAgent("--name", "e2e-3", "--transport", transport, "--join", seed);

        Result[] members = new Result[1];
        Await.until("e2e-3 to list 3 alive members", CONVERGE, () -> {
            members[0] = CliRun.run("members", "--http", http(third));
            return members[0].code() == ExitCodes.OK && countLines(members[0].out(), " ALIVE ") == 3;
        }, () -> String.valueOf(members[0]));
        assertTrue(members[0].out().contains("role=seed"), members[0].out());
        assertEquals(200, new ApiClient(second.httpAddress()).health().status());

        Result put = CliRun.run("kv", "put", "release", "v1.2.3", "--http", http(first));
        assertEquals(ExitCodes.OK, put.code(), put.toString());
        Result[] get = new Result[1];
        Await.until("e2e-3 to read the key written on e2e-1", CONVERGE, () -> {
            get[0] = CliRun.run("kv", "get", "release", "--http", http(third));
            return get[0].code() == ExitCodes.OK;
        }, () -> String.valueOf(get[0]));
        assertEquals("v1.2.3", get[0].out());

        Result leave = CliRun.run("leave", "--http", http(second));
        assertEquals(ExitCodes.OK, leave.code(), leave.toString());
        assertTrue(second.awaitShutdown(Duration.ofSeconds(15)), "the agent shuts down after leaving");
        Await.until("e2e-1 to list e2e-2 as LEFT (not failed)", CONVERGE, () -> {
            members[0] = CliRun.run("members", "--http", http(first));
            return members[0].out().lines().anyMatch(l -> l.contains("e2e-2") && l.contains(" LEFT "));
        }, () -> String.valueOf(members[0]));
        assertEquals(ExitCodes.UNREACHABLE, CliRun.run("members", "--http", http(second)).code(),
                "a left agent no longer serves its API");
    }
}

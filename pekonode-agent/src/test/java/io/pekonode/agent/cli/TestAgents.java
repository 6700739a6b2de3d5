package io.pekonode.agent.cli;

import io.pekonode.agent.Main;
import io.pekonode.agent.http.HttpSettings;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.api.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * Starts real agents (engine, UDP transport, JSON codec) on 127.0.0.1 in this JVM from a command line
 * as a user would type it, with the environment and config file applied as {@code pekonode agent}
 * applies them, and closes them all at the end.
 */
public final class TestAgents implements AutoCloseable {

    private final List<AgentNode> agents = new ArrayList<>();

    /** The flags every test agent gets first: free ports on loopback and the fast local profile. */
    public static List<String> base() {
        return List.of("--bind", "127.0.0.1:0", "--http", "127.0.0.1:0", "--profile", "local");
    }

    public AgentNode start(String... flags) {
        return start(Map.of(), flags);
    }

    public AgentNode start(Map<String, String> env, String... flags) {
        return start(UnaryOperator.identity(), env, flags);
    }

    /** As {@link #start(Map, String...)} with HTTP settings no flag reaches (such as the stream's heartbeat). */
    public AgentNode start(UnaryOperator<HttpSettings> http, Map<String, String> env, String... flags) {
        AgentOptions options = parse(env, flags);
        ClusterConfig config = options.toClusterConfig();
        AgentNode agent = AgentNode.start(config, http.apply(options.httpSettings()),
                options.nodeFactory(ClusterFactory.engine()), options.handlerSettings(), options.summary(config),
                options.consensusSettings());
        agents.add(agent);
        return agent;
    }

    /** The agent options {@code pekonode agent FLAGS} would run with in {@code env}. */
    public static AgentOptions parse(Map<String, String> env, String... flags) {
        List<String> args = new ArrayList<>();
        args.add("agent");
        List<String> given = List.of(flags);
        List<String> base = base();
        for (int i = 0; i < base.size(); i += 2) {
            if (!given.contains(base.get(i))) {
                args.add(base.get(i));
                args.add(base.get(i + 1));
            }
        }
        args.addAll(given);
        String[] raw = args.toArray(String[]::new);
        String[] expanded = AgentArguments.expand(raw, env, () -> Main.commandLine(Io.system(), ClusterFactory.engine(), env, raw));
        CommandLine.ParseResult parsed = Main.commandLine(Io.system(), ClusterFactory.engine(), env, raw).parseArgs(expanded);
        return ((AgentCommand) parsed.subcommand().commandSpec().userObject()).options;
    }

    public static String http(AgentNode agent) {
        return agent.httpAddress().toString();
    }

    public static String gossip(AgentNode agent) {
        return agent.cluster().localMember().address().toString();
    }

    @Override
    public void close() {
        agents.forEach(AgentNode::close);
    }
}

package io.pekonode.agent.cli;

import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.http.HttpSettings;
import io.pekonode.agent.node.ConsensusSettings;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.Logs;
import io.pekonode.api.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pekonode agent}: runs one node until SIGTERM/SIGINT or {@code pekonode leave}. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs one cluster node and its HTTP API until SIGTERM/SIGINT or `pekonode leave` "
                + "(either way it leaves gracefully). Without --join it starts a new cluster. Every flag can also "
                + "come from PEKONODE_<FLAG> (e.g. PEKONODE_LOG_LEVEL) or --config-file; SIGHUP reloads tags, "
                + "log level and handlers.")
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(AgentNode.LIFECYCLE_LOGGER);
    /** Settings SIGHUP applies to a running agent; a change to any other is reported as needing a restart. */
    static final Set<String> RELOADABLE = Set.of("tag", "service", "log-level", "event-handler", "query-handler",
            "handler-timeout", "handler-concurrency");

    @Mixin
    AgentOptions options;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ClusterConfig config;
        ClusterFactory factory;
        HandlerSettings handlers;
        HttpSettings http;
        ConsensusSettings consensus;
        try {
            Logs.setLevel(options.logLevel());
            Logs.useFormat(options.logFormat());
            config = options.toClusterConfig();
            // Reads --secret-file: a malformed key file is a usage error, before anything starts.
            factory = options.nodeFactory(root.factory());
            handlers = options.handlerSettings();
            http = options.httpSettings();
            consensus = options.consensusSettings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ThreadContext.put(Logs.NODE_KEY, config.nodeName().orElse("agent"));
        options.warnings().forEach(LOG::warn);
        AgentNode node = start(config, http, factory, handlers, consensus);
        Thread hook = new Thread(() -> {
            node.close();
            LogManager.shutdown();
        }, "pekonode-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        node.awaitShutdown();
        return ExitCodes.OK;
    }

    /** Starts the node with SIGHUP already handled (see {@link HangupSignal#startHandlingHangups}). */
    private AgentNode start(ClusterConfig config, HttpSettings http, ClusterFactory factory, HandlerSettings handlers,
                            ConsensusSettings consensus) {
        return HangupSignal.startHandlingHangups(
                () -> AgentNode.start(config, http, factory, handlers, options.summary(config), consensus), this::reload);
    }

    /**
     * SIGHUP: reads the environment and the config file again (the command line stays as it was),
     * applies tags, log level and handlers, and logs what changed and what only a restart can change.
     * A broken file changes nothing.
     */
    void reload(AgentNode node) {
        if (root.freshCommandLine() == null) {
            return;
        }
        try {
            String[] args = AgentArguments.expand(root.rawArgs(), root.env(), root.freshCommandLine());
            CommandLine fresh = root.freshCommandLine().get();
            CommandLine.ParseResult parsed = fresh.parseArgs(args);
            AgentCommand next = (AgentCommand) parsed.subcommand().commandSpec().userObject();
            List<String> changes = node.reload(next.options.tagsWithServices(), next.options.logLevel(),
                    next.options.handlerSettings());
            LOG.info("SIGHUP: reloaded {}", changes.isEmpty() ? "(nothing changed)" : String.join("; ", changes));
            List<String> restart = notReloadable(spec, next.spec);
            if (!restart.isEmpty()) {
                LOG.warn("SIGHUP: not reloaded, restart the agent to apply: {}", String.join("; ", restart));
            }
        } catch (RuntimeException e) {
            LOG.error("SIGHUP: reload failed, nothing changed: {}", e.getMessage());
        }
    }

    /** The settings that differ between two parses and cannot change at run time, as "key: old -> new". */
    static List<String> notReloadable(CommandSpec running, CommandSpec reread) {
        Map<String, OptionSpec> before = AgentArguments.options(running);
        Map<String, OptionSpec> after = AgentArguments.options(reread);
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, OptionSpec> e : before.entrySet()) {
            String key = e.getKey();
            OptionSpec now = after.get(key);
            if (RELOADABLE.contains(key) || now == null) {
                continue;
            }
            Object was = e.getValue().getValue();
            Object is = now.getValue();
            if (!Objects.equals(was, is)) {
                changed.add(key + ": " + was + " -> " + is);
            }
        }
        return changed;
    }
}

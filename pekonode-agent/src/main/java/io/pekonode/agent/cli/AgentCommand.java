package io.pekonode.agent.cli;

import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.node.ConsensusSettings;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.Logs;
import io.pekonode.api.config.ClusterConfig;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pekonode agent}: runs one node until SIGTERM/SIGINT or {@code pekonode leave}. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs one cluster node and its HTTP API until SIGTERM/SIGINT or `pekonode leave` "
                + "(either way it leaves gracefully). Without --join it starts a new cluster.")
public final class AgentCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(AgentNode.LIFECYCLE_LOGGER);

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
        ConsensusSettings consensus;
        try {
            Logs.setLevel(options.logLevel());
            config = options.toClusterConfig();
            // Reads --secret-file: a malformed key file is a usage error, before anything starts.
            factory = options.nodeFactory(root.factory());
            handlers = options.handlerSettings();
            consensus = options.consensusSettings();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ThreadContext.put(Logs.NODE_KEY, config.nodeName().orElse("agent"));
        options.warnings().forEach(LOG::warn);
        AgentNode node = AgentNode.start(config, options.http(), factory, handlers, consensus);
        Thread hook = new Thread(() -> {
            node.close();
            LogManager.shutdown();
        }, "pekonode-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        node.awaitShutdown();
        return ExitCodes.OK;
    }
}

package io.pekonode.agent.cli;

import io.pekonode.agent.node.ClusterFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pekonode}: the runnable node and its clients. */
@Command(name = "pekonode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {AgentCommand.class, MembersCommand.class, KvCommand.class, EventCommand.class,
                QueryCommand.class, ServicesCommand.class, LeaveCommand.class, DemoCommand.class,
                LeaderCommand.class, CkvCommand.class, LockCommand.class},
        description = "Gossip cluster membership, failure detection and cluster-wide metadata.",
        footer = {"", "Exit status: 0 ok, 1 failed, 2 bad usage, 3 agent not reachable."})
public final class RootCommand implements Runnable {

    private final Io io;
    private final ClusterFactory factory;

    public RootCommand(Io io, ClusterFactory factory) {
        this.io = io;
        this.factory = factory;
    }

    public Io io() {
        return io;
    }

    public ClusterFactory factory() {
        return factory;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // `pekonode` alone: say what there is to do (picocli prints the usage after the message).
        throw new ParameterException(spec.commandLine(), "Missing command; try `pekonode demo`.");
    }
}

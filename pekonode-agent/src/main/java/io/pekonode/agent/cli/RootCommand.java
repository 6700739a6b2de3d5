package io.pekonode.agent.cli;

import io.pekonode.agent.node.ClusterFactory;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pekonode}: the runnable node and its clients. */
@Command(name = "pekonode", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {AgentCommand.class, MembersCommand.class, KvCommand.class, EventCommand.class,
                QueryCommand.class, ServicesCommand.class, LeaveCommand.class, MonitorCommand.class, JoinCommand.class,
                ForceLeaveCommand.class, TagsCommand.class, KeysCommand.class, KeygenCommand.class, InfoCommand.class,
                CompletionCommand.class, DemoCommand.class, LeaderCommand.class, CkvCommand.class, LockCommand.class},
        description = "Gossip cluster membership, failure detection and cluster-wide metadata.",
        footer = {"", "Exit status: 0 ok, 1 failed, 2 bad usage, 3 agent not reachable."})
public final class RootCommand implements Runnable {

    private final Io io;
    private final ClusterFactory factory;
    private final Map<String, String> env;
    private final String[] rawArgs;
    private final Supplier<CommandLine> freshCommandLine;

    public RootCommand(Io io, ClusterFactory factory) {
        this(io, factory, Map.of(), new String[0], null);
    }

    /**
     * @param env              the environment the agent's settings are read from ({@code PEKONODE_*})
     * @param rawArgs          the command line as typed, before the environment and config file were added
     * @param freshCommandLine makes a new, unparsed command line (the agent reparses on SIGHUP)
     */
    public RootCommand(Io io, ClusterFactory factory, Map<String, String> env, String[] rawArgs,
                       Supplier<CommandLine> freshCommandLine) {
        this.io = io;
        this.factory = factory;
        this.env = Map.copyOf(env);
        this.rawArgs = rawArgs.clone();
        this.freshCommandLine = freshCommandLine;
    }

    public Map<String, String> env() {
        return env;
    }

    public String[] rawArgs() {
        return rawArgs.clone();
    }

    /** A new command line to reparse with; null when this one was made without (tests that only parse). */
    public Supplier<CommandLine> freshCommandLine() {
        return freshCommandLine;
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

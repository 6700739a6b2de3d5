package io.pekonode.agent;

import io.pekonode.agent.cli.AgentArguments;
import io.pekonode.agent.cli.ExitCodes;
import io.pekonode.agent.cli.Io;
import io.pekonode.agent.cli.RootCommand;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.Logs;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code pekonode}'s entry point. The only place that exits the JVM; everything else returns codes
 * (see {@link #run}) so that tests and embedders can call the commands.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches log4j: engine threads must inherit the node name for the log pattern.
        Logs.inheritContextInNewThreads();
        Logs.startInBackground();
        int code = run(Io.system(), ClusterFactory.engine(), args);
        Logs.awaitStarted();
        org.apache.logging.log4j.LogManager.shutdown();
        System.exit(code);
    }

    /** Runs one command line with the process's environment and returns its exit status. */
    public static int run(Io io, ClusterFactory factory, String... args) {
        return run(io, factory, System.getenv(), args);
    }

    /**
     * Runs one command line and returns its exit status; {@code env} supplies the {@code PEKONODE_*}
     * settings of the agent (and its config file), below the command line's own flags.
     */
    public static int run(Io io, ClusterFactory factory, Map<String, String> env, String... args) {
        String[] expanded;
        try {
            expanded = AgentArguments.expand(args, env, () -> commandLine(io, factory, env, args));
        } catch (CommandLine.ParameterException e) {
            io.err().println("error: " + e.getMessage());
            io.err().println("Try 'pekonode agent --help'.");
            return ExitCodes.USAGE;
        }
        return commandLine(io, factory, env, args).execute(expanded);
    }

    /** The configured command line; tests use it to parse without executing. */
    public static CommandLine commandLine(Io io, ClusterFactory factory) {
        return commandLine(io, factory, Map.of(), new String[0]);
    }

    /** The command line of a run with this environment and these arguments as typed. */
    public static CommandLine commandLine(Io io, ClusterFactory factory, Map<String, String> env, String[] rawArgs) {
        CommandLine cli = new CommandLine(new RootCommand(io, factory, env, rawArgs,
                () -> commandLine(io, factory, env, rawArgs)));
        cli.setOut(new java.io.PrintWriter(io.out(), true));
        cli.setErr(new java.io.PrintWriter(io.err(), true));
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof AgentUnreachableException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            }
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("PEKONODE_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return ExitCodes.FAILURE;
        });
        return cli;
    }

    /**
     * A bad command line gets one line naming the problem, not the whole flag list; {@code pekonode}
     * alone still shows the usage, as that is what a first-time user needs.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        java.io.PrintWriter err = command.getErr();
        if (args.length == 0) {
            err.println(e.getMessage());
            command.usage(err);
        } else {
            err.println("error: " + e.getMessage() + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}

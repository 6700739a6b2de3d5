package io.pekonode.agent.cli;

import io.pekonode.agent.demo.DemoRun;
import io.pekonode.agent.node.Logs;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pekonode demo}: a local cluster forms, shares a key and notices a crash, with real timings. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a local cluster in this process: N nodes converge, share a key, and detect a "
                + "crashed node, with real timings. Exits 0 when every step happened in time.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "5",
            description = "Number of nodes, 2 to 64. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp",
            description = "Transport plugin. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--seconds-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up on a step (exit status 1) when it takes longer than this. Default: ${DEFAULT-VALUE}.")
    int secondsLimit;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "Level of the engine's own log lines. Default: ${DEFAULT-VALUE} (keeps the demo's output readable).")
    String logLevel;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (nodes < 2 || nodes > 64) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 2 and 64, got " + nodes);
        }
        if (secondsLimit < 1) {
            throw new ParameterException(spec.commandLine(), "--seconds-limit must be at least 1, got " + secondsLimit);
        }
        try {
            Logs.setLevel(logLevel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        DemoRun run = new DemoRun(root.factory(), root.io().out(), nodes, transport, Duration.ofSeconds(secondsLimit));
        try {
            run.run();
            return ExitCodes.OK;
        } catch (DemoRun.StepFailed e) {
            root.io().out().flush();
            root.io().err().println("demo FAILED: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}

package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pekonode lock NAME -- COMMAND...}: runs a command while holding a consensus lock, like
 * {@code consul lock}. The agent holds and renews the lease; the command gets its fencing token in
 * {@code PEKONODE_LOCK_TOKEN}.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = "Runs COMMAND while holding lock NAME (agent run with --consensus); the command finds the fencing token"
                + " in $PEKONODE_LOCK_TOKEN. Exit status: the command's, or 1 when the lock was not obtained.")
public final class LockCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;
    @Mixin
    ClientOptions client;
    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the lock. Default: ${DEFAULT-VALUE}.")
    long waitSeconds;
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*")
    List<String> command;

    @Override
    public Integer call() throws AgentUnreachableException, IOException, InterruptedException {
        ApiClient api = client.client();
        String path = "lock/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        ApiClient.Reply lock = api.consensus("PUT", path, "wait=" + waitSeconds * 1000, null,
                Duration.ofSeconds(waitSeconds + 30));
        if (!lock.ok()) {
            root.io().err().println("error: " + lock.error());
            return ExitCodes.FAILURE;
        }
        long token = lock.json().path("token").asLong();
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("PEKONODE_LOCK_TOKEN", Long.toString(token));
            return pb.start().waitFor();
        } finally {
            ApiClient.Reply released = api.consensus("DELETE", path, "token=" + token, null, Duration.ofSeconds(30));
            if (!released.ok()) {
                root.io().err().println("warning: releasing the lock failed (" + released.error()
                        + "); it expires with its lease");
            }
        }
    }
}

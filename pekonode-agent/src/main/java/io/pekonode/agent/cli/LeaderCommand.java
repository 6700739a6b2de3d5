package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode leader}: the consensus group's leader as the agent knows it. */
@Command(name = "leader", mixinStandardHelpOptions = true,
        description = "Prints the consensus leader (agent started with --consensus or --consensus-voter). "
                + "Exit status 1 when no leader is known.")
public final class LeaderCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;
    @Mixin
    ClientOptions client;
    @Option(names = "--json", description = "Print the API's JSON (role, term, voters, commit index).")
    boolean json;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().consensus("GET", "leader", null, null, Duration.ofSeconds(10));
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        if (json) {
            root.io().out().println(new String(reply.body(), StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
        if (reply.json().path("leader").isNull()) {
            root.io().err().println("no leader known (the group forms once the expected voters have seen each other)");
            return ExitCodes.FAILURE;
        }
        root.io().out().println(reply.json().path("leader").asText()
                + (reply.json().path("isLeader").asBoolean() ? " (this agent)" : ""));
        return ExitCodes.OK;
    }
}

package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode leave}: the agent leaves gracefully and shuts down. */
@Command(name = "leave", mixinStandardHelpOptions = true,
        description = "Makes the agent leave the cluster gracefully (others see it as left, not failed) and exit.")
public final class LeaveCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().leave();
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        JsonNode body = reply.json();
        String who = body.path("name").asText() + " (" + body.path("id").asText() + ")";
        if (reply.status() == 202) {
            root.io().out().println("Agent " + who + " is leaving; the departure was not confirmed yet. It shuts down next.");
        } else {
            root.io().out().println("Agent " + who + " left the cluster and is shutting down.");
        }
        return ExitCodes.OK;
    }
}

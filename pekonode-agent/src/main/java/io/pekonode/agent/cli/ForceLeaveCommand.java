package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode force-leave NAME [--prune]}. */
@Command(name = "force-leave", mixinStandardHelpOptions = true,
        description = "Marks a failed member as left on every node, so it is no longer reported failed and is reaped "
                + "with the left members; --prune also forgets it on this agent at once.")
public final class ForceLeaveCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The member's name or id.")
    String name;

    @Option(names = "--prune", description = "Remove it from this agent's member list now (a member-reap event).")
    boolean prune;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().forceLeave(name, prune);
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        var body = reply.json();
        root.io().out().println("Member " + body.path("name").asText() + " (" + body.path("id").asText() + ") "
                + (prune ? "forced out and pruned" : "marked left") + ".");
        return ExitCodes.OK;
    }
}

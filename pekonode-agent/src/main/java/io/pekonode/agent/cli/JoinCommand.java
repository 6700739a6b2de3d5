package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode join ADDR...}: the running agent contacts more members. */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "Makes the running agent join through these addresses (merging clusters, or adding seeds). "
                + "Exit status 1 when one has not answered within 5 s (the agent keeps trying it).")
public final class JoinCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Parameters(arity = "1..*", paramLabel = "HOST:PORT", description = "Gossip addresses of members to contact.")
    List<String> addresses;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().join(addresses);
        if (reply.status() == 504) {
            var body = reply.json();
            root.io().err().println("error: no member answered yet at " + body.path("notYet")
                    + " (the agent keeps trying); joined: " + body.path("joined"));
            return ExitCodes.FAILURE;
        }
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        root.io().out().println("Successfully joined through " + reply.json().path("contacted").asInt() + " address(es).");
        return ExitCodes.OK;
    }
}

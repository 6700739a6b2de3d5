package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode event NAME [PAYLOAD]}: broadcasts a user event through an agent. */
@Command(name = "event", mixinStandardHelpOptions = true,
        description = "Broadcasts a user event to every live node (fire and forget); prints its Lamport time. "
                + "Agents run their --event-handler commands for it and list it at GET /v1/events.")
public final class EventCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The event's name.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PAYLOAD",
            description = "The payload as UTF-8 text, or - to read raw bytes from stdin. Default: empty.")
    String payload;

    @Option(names = "--coalesce",
            description = "Let receivers collapse a burst of events with this name into the newest one.")
    boolean coalesce;

    @Override
    public Integer call() throws AgentUnreachableException, IOException {
        byte[] bytes = Payloads.argument(payload, root.io());
        ApiClient.Reply reply = client.client().event(name, bytes, coalesce);
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        root.io().out().println("Event '" + name + "' (" + bytes.length + " bytes) dispatched, Lamport time "
                + reply.json().path("ltime").asLong() + (coalesce ? " (coalescing)" : ""));
        return ExitCodes.OK;
    }
}

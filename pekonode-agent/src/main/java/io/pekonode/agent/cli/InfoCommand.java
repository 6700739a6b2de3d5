package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode info}: the agent's version, settings, member counts and queues. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows the agent's version, identity, a summary of its settings, member counts by state, "
                + "queue depths and HTTP counters.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().info();
        if (!reply.ok()) {
            root.io().err().println("error: " + reply.error());
            return ExitCodes.FAILURE;
        }
        PrintStream out = root.io().out();
        if (json) {
            out.println(new String(reply.body(), StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
        JsonNode info = reply.json();
        out.println("agent:");
        line(out, "version", info.path("version").asText());
        line(out, "java", info.path("java").asText());
        line(out, "id", info.path("id").asText());
        line(out, "name", info.path("name").asText());
        line(out, "address", info.path("address").asText());
        section(out, "config", info.path("config"));
        section(out, "members", info.path("members"));
        section(out, "queues", info.path("queues"));
        section(out, "http", info.path("http"));
        return ExitCodes.OK;
    }

    private static void section(PrintStream out, String name, JsonNode fields) {
        out.println(name + ":");
        fields.fields().forEachRemaining(e -> line(out, e.getKey(), e.getValue().isValueNode()
                ? e.getValue().asText() : e.getValue().toString()));
    }

    private static void line(PrintStream out, String key, String value) {
        out.println(String.format("  %-22s %s", key, value));
    }
}

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

/** {@code pekonode info}: the agent's version, settings, member counts, queues and discovery sources. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows the agent's version, identity, a summary of its settings, member counts by state, "
                + "queue depths, HTTP counters and, per discovery source (--discover), the addresses it found last, "
                + "when, and its current error.")
public final class InfoCommand implements Callable<Integer> {

    private static final int ADDRESSES_SHOWN = 20;

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Option(names = "--json", description = "Print the API's JSON (GET /v1/info; discovery: GET /v1/discovery).")
    boolean json;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient api = client.client();
        ApiClient.Reply reply = api.info();
        if (!reply.ok()) {
            return root.io().refused(reply);
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
        ApiClient.Reply discovery = api.discovery();
        if (!discovery.ok()) {
            root.io().err().println("error: discovery: " + discovery.error());
            return ExitCodes.FAILURE;
        }
        discovery(out, discovery.json().path("sources"));
        return ExitCodes.OK;
    }

    private static void discovery(PrintStream out, JsonNode sources) {
        if (sources.isEmpty()) {
            out.println("discovery: none (no --discover)");
            return;
        }
        out.println("discovery:");
        for (JsonNode s : sources) {
            JsonNode addresses = s.path("addresses");
            out.println("  " + s.path("source").asText());
            out.println("    last answer: " + s.path("lastAnswer").asText("never") + ", " + addresses.size()
                    + " address(es)" + (s.path("registered").asBoolean() ? "" : ", this node NOT registered"));
            int shown = 0;
            for (JsonNode a : addresses) {
                if (shown++ == ADDRESSES_SHOWN) {
                    out.println("      ... " + (addresses.size() - ADDRESSES_SHOWN) + " more");
                    break;
                }
                out.println("      " + a.asText());
            }
            if (s.hasNonNull("lastError")) {
                out.println("    error: " + s.path("lastError").asText());
            }
        }
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

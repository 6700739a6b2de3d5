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

/** {@code pekonode info}: the agent's health and what each discovery source found last, and when. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Shows the agent's health and, per discovery source (--discover), the addresses it found last, when, and its current error.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--json", description = "Print the discovery API's JSON (GET /v1/discovery).")
    boolean json;

    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient api = client.client();
        ApiClient.Reply discovery = api.discovery();
        if (!discovery.ok()) {
            root.io().err().println("error: " + discovery.error());
            return ExitCodes.FAILURE;
        }
        PrintStream out = root.io().out();
        if (json) {
            out.println(new String(discovery.body(), StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
        JsonNode health = api.health().json();
        out.println("health: " + health.path("status").asText("unknown") + " (" + health.path("members").asInt()
                + " live members)");
        JsonNode sources = discovery.json().path("sources");
        if (sources.isEmpty()) {
            out.println("discovery: none (no --discover)");
            return ExitCodes.OK;
        }
        out.println("discovery:");
        for (JsonNode s : sources) {
            out.println("  " + s.path("source").asText());
            out.println("    last answer: " + s.path("lastAnswer").asText("never") + ", " + s.path("addresses").size()
                    + " address(es)" + (s.path("registered").asBoolean() ? "" : ", this node NOT registered"));
            int shown = 0;
            for (JsonNode a : s.path("addresses")) {
                if (shown++ == 20) {
                    out.println("      ... " + (s.path("addresses").size() - 20) + " more");
                    break;
                }
                out.println("      " + a.asText());
            }
            if (s.hasNonNull("lastError")) {
                out.println("    error: " + s.path("lastError").asText());
            }
        }
        return ExitCodes.OK;
    }
}

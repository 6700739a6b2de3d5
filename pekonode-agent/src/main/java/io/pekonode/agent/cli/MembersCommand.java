package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.MemberListing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode members}: the agent's member list as a table or JSON. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "Lists the members the agent knows, dead and left ones included, optionally filtered.")
public final class MembersCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only members in these states: alive, suspect, dead, left (repeatable or comma-separated).")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--name", paramLabel = "REGEX", description = "Only members whose name wholly matches REGEX.")
    String name;

    @Option(names = "--tag", paramLabel = "K=REGEX",
            description = "Only members whose tag K wholly matches REGEX; repeatable (all must match).")
    Map<String, String> tags = new LinkedHashMap<>();

    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().members(statuses, name, tags);
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        if (json) {
            root.io().out().println(new String(reply.body(), StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
        root.io().out().print(MemberListing.render(rows(reply.json())));
        return ExitCodes.OK;
    }

    static List<MemberListing.Row> rows(JsonNode document) {
        List<MemberListing.Row> rows = new ArrayList<>();
        for (JsonNode m : document.path("members")) {
            Map<String, String> tags = new LinkedHashMap<>();
            m.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            rows.add(new MemberListing.Row(m.path("id").asText(), m.path("name").asText(), m.path("address").asText(),
                    m.path("state").asText(), m.path("incarnation").asLong(), tags));
        }
        return rows;
    }
}

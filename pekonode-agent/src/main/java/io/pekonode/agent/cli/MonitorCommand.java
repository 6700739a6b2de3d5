package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.MemberListing;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode monitor}: the agent's event stream, live. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Prints the agent's events as they happen (GET /v1/stream): membership changes, metadata "
                + "changes, user events and queries. Runs until interrupted or the agent stops.")
public final class MonitorCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "Only these kinds: member (every member-* kind), member-join, member-leave, member-failed, "
                    + "member-update, member-reap, member-suspect, member-recover, metadata, user, query.")
    List<String> types = new ArrayList<>();

    @Option(names = "--json", description = "Print each event's JSON, one per line.")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N events.")
    int count;

    @Override
    public Integer call() throws AgentUnreachableException {
        PrintStream out = root.io().out();
        int[] seen = {0};
        ApiClient.Reply reply = client.client().stream(types, line -> {
            if (!line.startsWith("data: ")) {
                return true; // event names, heartbeats and blank separators
            }
            String data = line.substring("data: ".length());
            out.println(json ? data : describe(data));
            out.flush();
            return count <= 0 || ++seen[0] < count;
        });
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        return ExitCodes.OK;
    }

    /** One line for people: time, kind, and what happened. */
    static String describe(String data) {
        JsonNode e;
        try {
            e = Json.MAPPER.readTree(data);
        } catch (IOException ex) {
            return data;
        }
        String type = e.path("type").asText();
        String time = e.path("time").asText();
        String what;
        if (e.has("member")) {
            JsonNode m = e.get("member");
            what = m.path("name").asText() + " (" + MemberListing.shortId(m.path("id").asText()) + ") at "
                    + m.path("address").asText() + " " + m.path("state").asText();
        } else if (type.equals("metadata")) {
            what = "'" + e.path("key").asText() + "' " + (e.path("removed").asBoolean()
                    ? "removed" : "= " + (e.hasNonNull("value") ? e.get("value").asText() : "base64:" + e.path("valueBase64").asText()))
                    + " (" + e.path("version").asText() + ")";
        } else {
            what = "'" + e.path("name").asText() + "' from " + MemberListing.shortId(e.path("origin").asText()) + ": "
                    + Payloads.shown(e);
        }
        return time + " " + type + " " + what;
    }
}

package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.MemberListing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode query NAME [PAYLOAD]}: asks the cluster and prints each answer, like {@code serf query}. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Sends a query to every live node (or those matching --tag/--node) and prints each ack and "
                + "response as it arrives, then the totals. Nodes answer with their --query-handler for NAME.")
public final class QueryCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The query's name.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PAYLOAD",
            description = "The payload as UTF-8 text, or - to read raw bytes from stdin. Default: empty.")
    String payload;

    @Option(names = "--tag", paramLabel = "K=REGEX",
            description = "Only members whose tag K wholly matches REGEX answer; repeatable (all must match).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--node", paramLabel = "ID", description = "Only this member id answers; repeatable.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to collect answers (500ms, 2s, 1m). Default: the agent's, which grows with the cluster size.")
    Duration timeout;

    @Option(names = "--no-ack", negatable = false, description = "Do not ask members to acknowledge receipt.")
    boolean noAck;

    @Option(names = "--json", description = "Print the API's JSON at the end (payloads as text, or base64 in payloadBase64).")
    boolean json;

    @Override
    public Integer call() throws AgentUnreachableException, IOException {
        byte[] bytes = Payloads.argument(payload, root.io());
        if (!json) {
            return streamed(bytes);
        }
        ApiClient.Reply reply = client.client().query(name, bytes, tags, nodes, timeout, !noAck);
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        if (json) {
            root.io().out().println(new String(reply.body(), StandardCharsets.UTF_8));
            return ExitCodes.OK;
        }
        print(reply.json(), root.io().out(), !noAck);
        return ExitCodes.OK;
    }

    /** Prints each ack and response as it arrives, then the totals. */
    private int streamed(byte[] bytes) throws AgentUnreachableException {
        PrintStream out = root.io().out();
        boolean[] done = {false};
        String[] failure = {null};
        ApiClient.Reply reply = client.client().queryStream(name, bytes, tags, nodes, timeout, !noAck, line -> {
            if (line.isBlank()) {
                return true;
            }
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                failure[0] = "the agent sent a malformed line: " + line;
                return false;
            }
            switch (event.path("type").asText()) {
                case "ack" -> out.println("Ack from " + who(event));
                case "response" -> out.println("Response from " + who(event) + ": " + chomp(Payloads.shown(event)));
                case "done" -> {
                    if (!noAck) {
                        out.println("Total Acks: " + event.path("acks").asInt());
                    }
                    out.println("Total Responses: " + event.path("responses").asInt());
                    done[0] = true;
                }
                case "error" -> failure[0] = "the query failed: " + event.path("name").asText();
                default -> {
                    // a line type added later: skip it
                }
            }
            out.flush();
            return true;
        });
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        if (failure[0] != null || !done[0]) {
            root.io().err().println("error: " + (failure[0] != null ? failure[0] : "the answer ended before the query did"));
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private static String who(JsonNode event) {
        String id = event.path("member").asText();
        return event.hasNonNull("name") ? event.get("name").asText() + " (" + MemberListing.shortId(id) + ")" : id;
    }

    private static String chomp(String text) {
        // Handler output usually ends in a newline; one line per response reads better.
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    static void print(JsonNode answer, PrintStream out, boolean acks) {
        for (JsonNode r : answer.path("responses")) {
            String id = r.path("member").asText();
            String who = r.hasNonNull("name") ? r.get("name").asText() + " (" + MemberListing.shortId(id) + ")" : id;
            String text = Payloads.shown(r);
            // Handler output usually ends in a newline; one line per response reads better.
            out.println("Response from " + who + ": " + (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text));
        }
        if (acks) {
            out.println("Total Acks: " + answer.path("ackCount").asInt());
        }
        out.println("Total Responses: " + answer.path("responseCount").asInt());
    }
}

package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.MemberListing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode services NAME}: the live members offering a service. */
@Command(name = "services", mixinStandardHelpOptions = true,
        description = "Lists the live members offering service NAME (announced with `agent --service NAME=PORT` "
                + "or the tag service.NAME=PORT). Exit status 1 when none does.")
public final class ServicesCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @ParentCommand
    RootCommand root;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws AgentUnreachableException {
        ApiClient.Reply reply = client.client().services(name);
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        JsonNode instances = reply.json().path("instances");
        if (json) {
            root.io().out().println(new String(reply.body(), StandardCharsets.UTF_8));
        } else if (instances.isEmpty()) {
            root.io().err().println("no live member offers service '" + name + "'");
        } else {
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"ID", "NAME", "ADDRESS"});
            for (JsonNode i : instances) {
                lines.add(new String[] {MemberListing.shortId(i.path("id").asText()), i.path("name").asText(),
                        i.path("address").asText()});
            }
            int idWidth = lines.stream().mapToInt(l -> l[0].length()).max().orElse(2);
            int nameWidth = lines.stream().mapToInt(l -> l[1].length()).max().orElse(4);
            for (String[] l : lines) {
                root.io().out().println(String.format("%-" + idWidth + "s  %-" + nameWidth + "s  %s", l[0], l[1], l[2]));
            }
        }
        return instances.isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}

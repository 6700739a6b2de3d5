package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.MemberListing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pekonode tags list|set|delete}: the running agent's own tags. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        subcommands = {TagsCommand.ListTags.class, TagsCommand.SetTags.class, TagsCommand.DeleteTags.class},
        description = "Reads and changes the running agent's tags; changes spread to every member.")
public final class TagsCommand implements Runnable {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, set or delete.");
    }

    int print(ApiClient.Reply reply) {
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        Map<String, String> tags = new TreeMap<>();
        reply.json().path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        root.io().out().println(MemberListing.tags(tags));
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the agent's tags as K=V,...")
    static final class ListTags implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        TagsCommand tags;

        @Override
        public Integer call() throws AgentUnreachableException {
            return tags.print(client.client().tags());
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Sets tags, keeping the others; prints them all.")
    static final class SetTags implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        TagsCommand tags;
        @Parameters(arity = "1..*", paramLabel = "K=V")
        Map<String, String> values = new LinkedHashMap<>();

        @Override
        public Integer call() throws AgentUnreachableException {
            return tags.print(client.client().setTags(values));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Removes tags; prints those left.")
    static final class DeleteTags implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        TagsCommand tags;
        @Parameters(arity = "1..*", paramLabel = "KEY")
        List<String> keys;

        @Override
        public Integer call() throws AgentUnreachableException {
            return tags.print(client.client().deleteTags(keys));
        }
    }
}

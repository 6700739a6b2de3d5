package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import io.pekonode.agent.format.Printable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code pekonode kv get|put|delete|list}: the cluster-wide metadata map through an agent. */
@Command(name = "kv", mixinStandardHelpOptions = true,
        subcommands = {KvCommand.GetKey.class, KvCommand.PutKey.class, KvCommand.DeleteKey.class, KvCommand.ListKeys.class},
        description = "Reads and writes the cluster-wide metadata map through an agent.")
public final class KvCommand implements Runnable {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: get, put, delete or list.");
    }

    Io io() {
        return root.io();
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints a key's value exactly as stored (raw bytes). Exit status 1 when the key is not set.")
    static final class GetKey implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY", description = "The key (\"\" is Go's single default value).")
        String key;

        @Override
        public Integer call() throws AgentUnreachableException, IOException {
            ApiClient.Reply reply = client.client().get(key);
            if (!reply.ok()) {
                return kv.io().refused(reply);
            }
            byte[] value = reply.body();
            kv.io().out().write(value);
            // Keep the shell prompt on its own line, without changing bytes piped elsewhere.
            if (System.console() != null && (value.length == 0 || value[value.length - 1] != '\n')) {
                kv.io().out().println();
            }
            kv.io().out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Writes a key cluster-wide and prints its version.")
    static final class PutKey implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "The value as UTF-8 text, or - to read raw bytes from stdin.")
        String value;

        @Override
        public Integer call() throws AgentUnreachableException, IOException {
            byte[] bytes = Payloads.argument(value, kv.io());
            ApiClient.Reply reply = client.client().put(key, bytes);
            if (!reply.ok()) {
                return kv.io().refused(reply);
            }
            kv.io().out().println("Set '" + key + "' (" + bytes.length + " bytes), version "
                    + reply.json().path("version").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a key cluster-wide (succeeds whether or not it was set).")
    static final class DeleteKey implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws AgentUnreachableException {
            ApiClient.Reply reply = client.client().delete(key);
            if (!reply.ok()) {
                return kv.io().refused(reply);
            }
            kv.io().out().println("Deleted '" + key + "', version " + reply.json().path("version").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every key with its size and a preview of its value.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KvCommand kv;
        @Option(names = "--json", description = "Print the API's JSON (values in base64).")
        boolean json;

        @Override
        public Integer call() throws AgentUnreachableException {
            ApiClient.Reply reply = client.client().keys();
            if (!reply.ok()) {
                return kv.io().refused(reply);
            }
            if (json) {
                kv.io().out().println(new String(reply.body(), StandardCharsets.UTF_8));
                return ExitCodes.OK;
            }
            Map<String, byte[]> entries = new TreeMap<>();
            JsonNode keys = reply.json().path("keys");
            keys.fields().forEachRemaining(e -> entries.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            if (entries.isEmpty()) {
                kv.io().out().println("(no keys)");
                return ExitCodes.OK;
            }
            List<String[]> lines = new ArrayList<>();
            lines.add(new String[] {"KEY", "BYTES", "VALUE"});
            entries.forEach((k, v) -> lines.add(new String[] {k.isEmpty() ? "\"\"" : k, Integer.toString(v.length),
                    Printable.preview(v)}));
            int keyWidth = lines.stream().mapToInt(l -> l[0].length()).max().orElse(3);
            int sizeWidth = lines.stream().mapToInt(l -> l[1].length()).max().orElse(5);
            for (String[] l : lines) {
                kv.io().out().println(String.format("%-" + keyWidth + "s  %" + sizeWidth + "s  %s", l[0], l[1], l[2]));
            }
            return ExitCodes.OK;
        }
    }
}

package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pekonode keys list|install|use|remove}: the running agent's gossip keyring (rotation is
 * install everywhere, use everywhere, remove everywhere). Key material is sent, never shown.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.ListKeys.class, KeysCommand.Install.class, KeysCommand.Use.class, KeysCommand.Remove.class},
        description = "Lists and rotates the agent's gossip encryption keys (agents started with --secret-file).")
public final class KeysCommand implements Runnable {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, install, use or remove.");
    }

    int print(ApiClient.Reply reply) {
        if (!reply.ok()) {
            return root.io().refused(reply);
        }
        JsonNode ring = reply.json();
        String primary = ring.path("primary").asText();
        for (JsonNode id : ring.path("keys")) {
            root.io().out().println(id.asText() + (id.asText().equals(primary) ? "  (primary)" : ""));
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the key ids, the primary marked.")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KeysCommand keys;

        @Override
        public Integer call() throws AgentUnreachableException {
            return keys.print(client.client().keyring());
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Adds a key (accepted for decryption, not used to encrypt yet).")
    static final class Install implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KeysCommand keys;
        @Parameters(index = "0", paramLabel = "KEY", description = "base64 of 16, 24 or 32 bytes (see `pekonode keygen`), or passphrase:TEXT.")
        String key;

        @Override
        public Integer call() throws AgentUnreachableException {
            return keys.print(client.client().keyring("install", key));
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Makes an installed key the primary (encrypting) one.")
    static final class Use implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KeysCommand keys;
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() throws AgentUnreachableException {
            return keys.print(client.client().keyring("use", id));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a key that is not the primary.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        KeysCommand keys;
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String id;

        @Override
        public Integer call() throws AgentUnreachableException {
            return keys.print(client.client().keyring("remove", id));
        }
    }
}

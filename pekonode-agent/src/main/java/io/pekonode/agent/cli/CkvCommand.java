package io.pekonode.agent.cli;

import io.pekonode.agent.client.AgentUnreachableException;
import io.pekonode.agent.client.ApiClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code pekonode ckv get|put|cas|delete}: the linearizable consensus map through an agent. */
@Command(name = "ckv", mixinStandardHelpOptions = true,
        subcommands = {CkvCommand.Get.class, CkvCommand.Put.class, CkvCommand.Cas.class, CkvCommand.Delete.class},
        description = "Reads and writes the strongly consistent consensus map through an agent run with --consensus.")
public final class CkvCommand implements Runnable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: get, put, cas or delete.");
    }

    static String path(String key) {
        return "kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    int failed(ApiClient.Reply reply) {
        return root.io().refused(reply);
    }

    static byte[] value(CkvCommand ckv, String value) throws IOException {
        return Payloads.argument(value, ckv.root.io());
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Prints a key's value (raw bytes); --version prints its version instead. Exit status 1 when missing.")
    static final class Get implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        CkvCommand ckv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Option(names = "--stale", description = "Answer from the agent's (or any voter's) applied state, without a round trip to the leader.")
        boolean stale;
        @Option(names = "--print-version", description = "Print the value's version (for cas) rather than the value.")
        boolean printVersion;

        @Override
        public Integer call() throws AgentUnreachableException, IOException {
            ApiClient.Reply reply = client.client().consensus("GET", path(key), stale ? "stale" : null, null, TIMEOUT);
            if (!reply.ok()) {
                return ckv.root.io().refused(reply);
            }
            if (printVersion) {
                ckv.root.io().out().println(reply.json().path("version").asLong());
            } else {
                ckv.root.io().out().write(Base64.getDecoder().decode(reply.json().path("value").asText()));
                ckv.root.io().out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Writes a key and prints its new version.")
    static final class Put implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        CkvCommand ckv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "UTF-8 text, or - to read raw bytes from stdin.")
        String value;

        @Override
        public Integer call() throws AgentUnreachableException, IOException {
            ApiClient.Reply reply = client.client().consensus("PUT", path(key), null, value(ckv, value), TIMEOUT);
            if (!reply.ok()) {
                return ckv.root.io().refused(reply);
            }
            ckv.root.io().out().println(reply.json().path("version").asLong());
            return ExitCodes.OK;
        }
    }

    @Command(name = "cas", mixinStandardHelpOptions = true,
            description = "Writes a key only if it is at VERSION; prints the new version. Exit status 1 (and the current version) when it moved.")
    static final class Cas implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        CkvCommand ckv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VERSION")
        long version;
        @Parameters(index = "2", paramLabel = "VALUE", description = "UTF-8 text, or - to read raw bytes from stdin.")
        String value;

        @Override
        public Integer call() throws AgentUnreachableException, IOException {
            ApiClient.Reply reply = client.client().consensus("PUT", path(key), "cas=" + version, value(ckv, value),
                    TIMEOUT);
            if (!reply.ok()) {
                return ckv.root.io().refused(reply);
            }
            ckv.root.io().out().println(reply.json().path("version").asLong());
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a key; prints whether it existed.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        ClientOptions client;
        @ParentCommand
        CkvCommand ckv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() throws AgentUnreachableException {
            ApiClient.Reply reply = client.client().consensus("DELETE", path(key), null, null, TIMEOUT);
            if (!reply.ok()) {
                return ckv.root.io().refused(reply);
            }
            ckv.root.io().out().println(reply.json().path("deleted").asBoolean() ? "deleted" : "not found");
            return ExitCodes.OK;
        }
    }
}

package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.Main;
import io.pekonode.agent.http.AgentControl;
import io.pekonode.agent.http.ApiServer;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.api.Cluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.KeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Keys changed over HTTP are written back to --secret-file, so the agent restarts with them. */
class KeyringPersistenceTest {

    private static final AgentControl CONTROL = new AgentControl() {
        @Override
        public boolean joined() {
            return true;
        }

        @Override
        public List<String> seeds() {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> leave() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void shutdown() {
        }
    };

    private final HttpClient http = HttpClient.newHttpClient();

    private static AgentOptions parse(String... args) {
        CommandLine cli = Main.commandLine(Io.system(), config -> {
            throw new AssertionError("parsing must not create a node");
        });
        return ((AgentCommand) cli.parseArgs(args).subcommand().commandSpec().userObject()).options;
    }

    private HttpResponse<String> post(ApiServer server, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + server.address() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void installUseAndRemoveSurviveARestart(@TempDir Path dir) throws Exception {
        ClusterKey old = ClusterKey.generate();
        ClusterKey next = ClusterKey.generate();
        Path keys = dir.resolve("secret.keys");
        Files.writeString(keys, "# cluster keys\n" + old.toBase64() + "\npassphrase: go secret\n");
        String goId = ClusterKey.fromPassphrase("go secret").id();

        AgentOptions options = parse("agent", "--secret-file", keys.toString(), "--bind", "127.0.0.1:0");
        try (Cluster node = options.nodeFactory(ClusterFactory.engine()).create(options.toClusterConfig());
             ApiServer server = ApiServer.start(new NodeAddress("127.0.0.1", 0), node, CONTROL, 1024)) {
            assertEquals(200, post(server, "/v1/keyring/install", next.toBase64()).statusCode());
            assertEquals(List.of(old.id(), goId, next.id()), KeyFile.parse(Files.readString(keys)).ids(), "installed: on disk");
            assertEquals(200, post(server, "/v1/keyring/use", next.id()).statusCode());
            assertEquals(200, post(server, "/v1/keyring/remove", old.id()).statusCode());
            assertEquals("# cluster keys\n" + next.toBase64() + "\npassphrase: go secret\n", Files.readString(keys),
                    "same format, the passphrase line and the comment kept");

            // The file cannot be written any more: the change is refused and not made.
            Files.delete(keys);
            Files.createDirectory(keys); // a directory where the file was: it can be neither read nor replaced
            HttpResponse<String> failed = post(server, "/v1/keyring/remove", goId);
            assertEquals(500, failed.statusCode(), failed.body());
            assertTrue(failed.body().contains("keyring unchanged"), failed.body());
            assertEquals(List.of(next.id(), goId), ((PekoNode) node).security().orElseThrow().keyring().ids());
            Files.delete(keys);
            Files.writeString(keys, next.toBase64() + "\npassphrase: go secret\n");
        }

        // A restart reads the rotated keyring, primary first.
        assertEquals(List.of(next.id(), goId), parse("agent", "--secret-file", keys.toString()).keyring().orElseThrow().ids());
        assertTrue(Files.readString(keys, StandardCharsets.UTF_8).contains("passphrase: go secret"));
    }
}

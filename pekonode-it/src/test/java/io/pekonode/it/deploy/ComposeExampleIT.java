package io.pekonode.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.it.cluster.DockerRequired;
import io.pekonode.it.cluster.Reports;
import io.pekonode.it.support.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/compose/compose.yaml, started as README says (Compose v1's docker-compose, whose file format
 * Compose v2 reads too) with a fresh key file: all 5 nodes must see all 5 alive, each asked inside its
 * own container with the image's own client command, and node1's API must answer on the host port
 * it is published on.
 */
@ExtendWith(DockerRequired.class)
class ComposeExampleIT {

    private static final int NODES = 5;
    private static final Duration FORMATION = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void theFiveNodeExampleFormsOneClusterWithItsSharedKey() throws Exception {
        boolean compose = Commands.onPath("docker-compose");
        if (!compose && DockerRequired.inCi()) {
            throw new AssertionError("CI=true but docker-compose is missing (.ci/run installs Debian's docker-compose)");
        }
        assumeTrue(compose, "docker-compose is not installed (Debian: apt-get install -y docker-compose)");
        Path file = Path.of(System.getProperty("pekonode.it.repositoryRoot", "..")).resolve("deploy/compose/compose.yaml")
                .toAbsolutePath().normalize();
        String expectedImage = "pekonode-agent:" + System.getProperty("pekonode.it.projectVersion");
        assertTrue(Files.readString(file).contains("${PEKONODE_IMAGE:-" + expectedImage + "}"),
                "compose.yaml runs the image this build makes by default: " + expectedImage);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("PEKONODE_KEY_FILE", keyFile().toString());
        // Host port 0: Docker picks a free one and holds it (the test reads the nodes through docker exec).
        env.put("PEKONODE_HTTP_PORT", "0");
        String project = "pekonode-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> base = List.of("docker-compose", "--project-name", project, "--file", file.toString());
        try {
            Commands.check(null, env, Duration.ofMinutes(3), concat(base, "up", "--detach"));
            Await.until("every node of the compose example sees " + NODES + " alive members", FORMATION,
                    () -> views(base, env), views -> views.size() == NODES
                            && views.values().stream().allMatch(alive -> alive.size() == NODES));
            // node1's API, published on the host's loopback, answers there (on the port Docker picked).
            String published = Commands.check(null, env, Duration.ofSeconds(30), concat(base, "port", "node1", "7947")).strip();
            assertTrue(published.startsWith("127.0.0.1:"), "node1's API is published on the host's loopback only: " + published);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + published + "/v1/health/ready"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
        } catch (Throwable failure) {
            Path log = Reports.dir().resolve("ComposeExampleIT.compose.log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, Commands.run(null, env, Duration.ofMinutes(1), concat(base, "logs", "--no-color")).output());
            throw failure;
        } finally {
            Commands.run(null, env, Duration.ofMinutes(3), concat(base, "down", "--volumes", "--timeout", "20"));
        }
    }

    /** node name -> the names it sees alive, each read by {@code pekonode members --json} inside that node. */
    private static Map<String, TreeSet<String>> views(List<String> base, Map<String, String> env) throws IOException {
        Map<String, TreeSet<String>> views = new LinkedHashMap<>();
        for (int i = 1; i <= NODES; i++) {
            String node = "node" + i;
            String id = Commands.check(null, env, Duration.ofSeconds(30), concat(base, "ps", "-q", node)).strip();
            if (id.isEmpty()) {
                continue;
            }
            Commands.Result members = Commands.run(null, env, Duration.ofSeconds(60),
                    List.of("docker", "exec", id, "pekonode", "members", "--json", "--http", "127.0.0.1:7947"));
            if (members.exitCode() != 0) {
                continue; // not answering yet
            }
            TreeSet<String> alive = new TreeSet<>();
            for (JsonNode member : JSON.readTree(members.output()).path("members")) {
                if ("ALIVE".equals(member.path("state").asText())) {
                    alive.add(member.path("name").asText());
                }
            }
            views.put(node, alive);
        }
        return views;
    }

    /** A fresh key, owned by the image's agent user and readable by nobody else, as the file's comment says. */
    private Path keyFile() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = temp.resolve("cluster.keys");
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try {
            Files.setAttribute(file, "unix:uid", 10001);
        } catch (IOException | UnsupportedOperationException | SecurityException notRoot) {
            // Not root: the agents cannot read a 0600 file of another user, so let them read it.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return file;
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}

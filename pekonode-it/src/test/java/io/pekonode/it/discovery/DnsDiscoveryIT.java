package io.pekonode.it.discovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.it.cluster.DockerRequired;
import io.pekonode.it.image.ImageSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * Agents in separate containers that find each other only through DNS: each carries its own alias
 * and the shared alias {@code peko}, for which Docker's embedded DNS server answers one A record per
 * container, as a Kubernetes headless Service does per pod. No agent is given --join.
 */
@ExtendWith(DockerRequired.class)
class DnsDiscoveryIT {

    private static final int SIZE = 3;
    private static final int HTTP = 7947;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void containersFormAClusterThroughTheirSharedDnsNameAlone() throws Exception {
        List<GenericContainer<?>> containers = new ArrayList<>();
        try (Network network = Network.newNetwork()) {
            for (int i = 1; i <= SIZE; i++) {
                String alias = "disc" + i;
                GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(ImageSettings.fromSystemProperties().image()))
                        .withNetwork(network)
                        .withNetworkAliases(alias, "peko")
                        .withExposedPorts(HTTP)
                        .withCommand("agent", "--name", alias, "--bind", "0.0.0.0:7946", "--advertise", alias + ":7946",
                                "--http", "0.0.0.0:" + HTTP, "--http-insecure", "--profile", "local", "--discover", "dns:peko")
                        .waitingFor(new LogMessageWaitStrategy().withRegEx(".*PekoNode agent started.*")
                                .withStartupTimeout(Duration.ofSeconds(120)));
                containers.add(c);
            }
            containers.parallelStream().forEach(GenericContainer::start);
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<Integer> seen = new ArrayList<>();
            while (true) {
                seen.clear();
                for (GenericContainer<?> c : containers) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + c.getHost() + ":"
                            + c.getMappedPort(HTTP) + "/v1/members")).timeout(Duration.ofSeconds(5)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    int alive = 0;
                    for (JsonNode m : JSON.readTree(r.body()).path("members")) {
                        alive += m.path("state").asText().equals("ALIVE") ? 1 : 0;
                    }
                    seen.add(alive);
                }
                if (seen.stream().allMatch(n -> n == SIZE)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    StringBuilder logs = new StringBuilder();
                    containers.forEach(c -> logs.append(c.getLogs()).append("\n---\n"));
                    throw new AssertionError("alive members per container " + seen + " after 90 s\n" + logs);
                }
                Thread.sleep(500);
            }
            String discovery = http.send(HttpRequest.newBuilder(URI.create("http://" + containers.get(0).getHost() + ":"
                    + containers.get(0).getMappedPort(HTTP) + "/v1/discovery")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(JSON.readTree(discovery).path("sources").get(0).path("addresses").size() == SIZE, discovery);
        } finally {
            containers.forEach(GenericContainer::stop);
        }
    }
}

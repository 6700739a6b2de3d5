package io.pekonode.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.it.cluster.DockerRequired;
import io.pekonode.it.cluster.Reports;
import io.pekonode.it.image.ImageSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * The StatefulSet's agent container, run as Kubernetes would run it: the image, the manifest's args
 * (with the pod's variables filled in), the key where the Secret is mounted. The probes' paths and
 * ports must exist in the running agent, the client must reach the loopback API inside the pod, and SIGTERM must end it gracefully within the pod's grace period.
 */
@ExtendWith(DockerRequired.class)
class KubernetesManifestIT {

    private static HttpResponse<String> get(String uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theProbesAnswerAndSigtermEndsTheAgentWithinTheGracePeriod() throws Exception {
        KubernetesManifests manifests = KubernetesManifests.load();
        List<String> args = manifests.agentArgs(KubernetesManifestTest.POD);
        JsonNode container = manifests.agentContainer();
        int opsPort = manifests.containerPort("ops");
        String keyPath = KubernetesManifests.flag(args, "--secret-file").orElseThrow();
        String advertised = KubernetesManifests.flag(args, "--advertise").orElseThrow();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int grace = manifests.podSpec().path("terminationGracePeriodSeconds").asInt(30);

        try (GenericContainer<?> pod = new GenericContainer<>(DockerImageName.parse(ImageSettings.fromSystemProperties().image()))
                .withCommand(args.toArray(String[]::new))
                .withExposedPorts(opsPort)
                // In the cluster the headless Service resolves the pod's own name.
                .withExtraHost(advertised.substring(0, advertised.lastIndexOf(':')), "127.0.0.1")
                .withCopyToContainer(Transferable.of((Base64.getEncoder().encodeToString(key) + "\n")
                        .getBytes(StandardCharsets.UTF_8), 0644), keyPath)
                .waitingFor(new org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy()
                        .withRegEx(".*PekoNode agent started.*").withStartupTimeout(Duration.ofSeconds(120)))) {
            try {
                pod.start();
                String base = "http://" + pod.getHost() + ":" + pod.getMappedPort(opsPort);
                String path = container.path("readinessProbe").path("httpGet").path("path").asText();
                HttpResponse<String> readiness = get(base + path);
                // 200 in a cluster, 503 while it looks for seeds: both are the probe working, 404 would not be.
                assertTrue(readiness.statusCode() == 200 || readiness.statusCode() == 503,
                        "readiness probe " + path + " answered " + readiness.statusCode() + ": " + readiness.body());
                assertTrue(readiness.body().contains("\"checks\""), "the reasons are in the body: " + readiness.body());
                HttpResponse<String> live = get(base + container.path("livenessProbe").path("httpGet").path("path").asText());
                assertEquals(200, live.statusCode(), "liveness probe: " + live.body());
                assertEquals(200, get(base + "/metrics").statusCode(), "Prometheus scrapes the same port");
                // kubectl exec pekonode-0 -- pekonode members: the client reaches the loopback API inside the pod.
                var members = pod.execInContainer("pekonode", "members");
                assertEquals(0, members.getExitCode(), members.getStdout() + members.getStderr());
                assertTrue(members.getStdout().contains("pekonode-0"), members.getStdout());

                long begin = System.nanoTime();
                DockerClientFactory.instance().client().stopContainerCmd(pod.getContainerId()).withTimeout(grace).exec();
                Duration stopped = Duration.ofNanos(System.nanoTime() - begin);
                var state = DockerClientFactory.instance().client().inspectContainerCmd(pod.getContainerId()).exec().getState();
                // A JVM ended by SIGTERM exits with 143 once its shutdown hooks are done; 137 would be the SIGKILL
                // that follows an exhausted grace period.
                long exit = state.getExitCodeLong();
                assertTrue(exit == 0 || exit == 143, "a graceful exit, not the SIGKILL after the grace period: " + exit
                        + "\n" + pod.getLogs());
                assertTrue(stopped.toSeconds() < grace, "stopped in " + stopped.toMillis() + " ms, grace " + grace + " s");
                assertTrue(pod.getLogs().contains("PekoNode agent stopped"), pod.getLogs());
                assertNotEquals(-1, pod.getLogs().indexOf("PekoNode agent stopping"));
            } catch (Throwable failure) {
                Files.createDirectories(Reports.dir());
                Files.writeString(Reports.dir().resolve("KubernetesManifestIT.pod.log"),
                        pod.getContainerId() == null ? "(not started)" : pod.getLogs());
                throw failure;
            }
        }
    }
}

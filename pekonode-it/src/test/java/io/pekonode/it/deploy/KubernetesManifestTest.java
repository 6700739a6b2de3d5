package io.pekonode.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.agent.Main;
import io.pekonode.agent.cli.Io;
import io.pekonode.agent.node.ClusterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Kubernetes manifests parse, and what they tell the agent exists in the agent: every flag is one
 * the agent command defines (checked by its own command-line parser), ports and mounts agree with the
 * flags, and selectors select the pods. The probe paths are checked against a running agent in
 * {@link KubernetesManifestIT}.
 */
class KubernetesManifestTest {

    static final Map<String, String> POD = Map.of("POD_NAME", "pekonode-0", "POD_NAMESPACE", "default");

    private final KubernetesManifests manifests;

    KubernetesManifestTest() throws Exception {
        manifests = KubernetesManifests.load();
    }

    private static CommandLine rootCommand() {
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return Main.commandLine(io, ClusterFactory.engine());
    }

    @Test
    void everyArgIsAFlagOfTheAgentCommandWithAValueItAccepts() {
        List<String> args = manifests.agentArgs(POD);
        assertEquals("agent", args.get(0), "the image's entry point takes the command first");
        CommandLine root = rootCommand();
        CommandLine agent = root.getSubcommands().get("agent");
        Set<String> known = new HashSet<>(agent.getCommandSpec().optionsMap().keySet());
        for (String arg : args.subList(1, args.size())) {
            if (arg.startsWith("--")) {
                assertTrue(known.contains(arg), arg + " is not a flag of `pekonode agent`: " + known);
            }
        }
        // The agent's own parser: unknown flags, missing values and values it cannot convert all throw.
        CommandLine.ParseResult parsed = root.parseArgs(args.toArray(String[]::new));
        assertTrue(parsed.hasSubcommand() && parsed.subcommand().commandSpec() == agent.getCommandSpec(), "runs `pekonode agent`");
        assertTrue(parsed.subcommand().unmatched().isEmpty(), "unmatched: " + parsed.subcommand().unmatched());
    }

    @Test
    void everyVariableTheArgsUseIsSetFromThePod() {
        Set<String> env = new HashSet<>();
        manifests.agentContainer().path("env").forEach(e -> env.add(e.path("name").asText()));
        for (String name : manifests.variablesInArgs()) {
            assertTrue(env.contains(name), "$(" + name + ") is used in args but not set in env: " + env);
        }
    }

    @Test
    void portsMountsAndImageAgreeWithTheFlags() {
        List<String> args = manifests.agentArgs(POD);
        int gossip = KubernetesManifests.port(KubernetesManifests.flag(args, "--bind").orElse("0.0.0.0:7946"));
        assertEquals(gossip, manifests.containerPort("gossip-udp"));
        assertEquals(gossip, manifests.containerPort("gossip-tcp"));
        assertEquals(gossip, KubernetesManifests.port(KubernetesManifests.flag(args, "--advertise").orElseThrow()));
        String ops = KubernetesManifests.flag(args, "--ops-http").orElseThrow();
        assertTrue(ops.startsWith("0.0.0.0:"), "probes come from the kubelet, not loopback: --ops-http " + ops);
        assertEquals(KubernetesManifests.port(ops), manifests.containerPort("ops"));
        // The API can change keys and force members out: loopback only, unless it asks for tokens.
        String http = KubernetesManifests.flag(args, "--http").orElse("127.0.0.1:7947");
        assertTrue(http.startsWith("127.0.0.1:") || args.contains("--api-token-file"),
                "--http " + http + " without --api-token-file");
        assertFalse(args.contains("--http-insecure"), "the example does not open the API without tokens");

        Set<String> mounts = new HashSet<>();
        manifests.agentContainer().path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asText()));
        assertTrue(mounts.contains(KubernetesManifests.flag(args, "--data-dir").orElseThrow()), "data dir on a volume: " + mounts);
        Path keyFile = Path.of(KubernetesManifests.flag(args, "--secret-file").orElseThrow());
        assertTrue(mounts.contains(keyFile.getParent().toString()), "key file's directory is mounted: " + mounts);
        JsonNode generator = manifests.only("Kustomization").path("secretGenerator").get(0);
        assertTrue(generator.path("files").toString().contains(keyFile.getFileName().toString()),
                "the Secret holds " + keyFile.getFileName() + ": " + generator);
        boolean mountsThatSecret = false;
        for (JsonNode volume : manifests.podSpec().path("volumes")) {
            mountsThatSecret |= generator.path("name").asText().equals(volume.path("secret").path("secretName").asText());
        }
        assertTrue(mountsThatSecret, "a volume mounts the generated Secret " + generator.path("name").asText());

        assertEquals("pekonode-agent:" + System.getProperty("pekonode.it.projectVersion", "0.1.0-SNAPSHOT"),
                manifests.agentContainer().path("image").asText());
    }

    @Test
    void probesAskTheHealthChecksOnTheOpsListenerAndResourcesAreSet() {
        JsonNode container = manifests.agentContainer();
        Map<String, String> paths = Map.of("readinessProbe", "/v1/health/ready", "livenessProbe", "/v1/health/live");
        for (Map.Entry<String, String> probe : paths.entrySet()) {
            JsonNode p = container.path(probe.getKey());
            assertFalse(p.isMissingNode(), probe.getKey() + " is set");
            assertEquals(probe.getValue(), p.path("httpGet").path("path").asText(), probe.getKey() + " path");
            String port = p.path("httpGet").path("port").asText();
            assertEquals(manifests.containerPort("ops"), port.chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(port) : manifests.containerPort(port), probe.getKey() + " asks the ops listener's port");
        }
        JsonNode resources = container.path("resources");
        assertFalse(resources.path("requests").path("memory").isMissingNode(), "memory request");
        assertFalse(resources.path("requests").path("cpu").isMissingNode(), "cpu request");
        assertFalse(resources.path("limits").path("memory").isMissingNode(), "memory limit");
    }

    @Test
    void seedsAreFoundThroughTheHeadlessServicesDnsName() {
        String service = manifests.statefulSet().path("spec").path("serviceName").asText();
        List<String> args = manifests.agentArgs(POD);
        String source = KubernetesManifests.flag(args, "--discover").orElseThrow();
        String namespace = POD.get("POD_NAMESPACE");
        assertTrue(source.equals("dns:" + service + "." + namespace + ".svc")
                        || source.equals("dns:" + service + "." + namespace + ".svc.cluster.local"),
                "the pods are found through the A records of the headless service " + service + ": " + source);
        assertTrue(KubernetesManifests.flag(args, "--join").isEmpty(), "no static list to keep in step with replicas");
        assertTrue(args.contains("--bootstrap"), "the first pod finds nobody and must run alone meanwhile");
    }

    @Test
    void theServiceIsHeadlessAndItAndTheBudgetSelectThePods() {
        JsonNode labels = manifests.statefulSet().path("spec").path("template").path("metadata").path("labels");
        JsonNode service = manifests.only("Service");
        assertEquals("None", service.path("spec").path("clusterIP").asText());
        assertEquals(manifests.statefulSet().path("spec").path("serviceName").asText(), service.path("metadata").path("name").asText());
        assertTrue(service.path("spec").path("publishNotReadyAddresses").asBoolean(), "seeds resolve before they are ready");
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(), "service selects the pods"));
        service.path("spec").path("ports").forEach(p -> manifests.containerPort(p.path("targetPort").asText()));
        JsonNode budget = manifests.only("PodDisruptionBudget");
        budget.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertEquals(e.getValue().asText(), labels.path(e.getKey()).asText(), "budget selects the pods"));
    }
}

package io.pekonode.it.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Volume;
import io.pekonode.it.client.MemberView;
import io.pekonode.it.image.NodeImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Agents started one by one from {@link NodeSpec}s on a private network, for scenarios that
 * {@link DockerCluster}'s fixed "seed plus joiners" layout does not cover: per-node flags, data
 * volumes that outlive a container, key files, and restarting a node as a new container under the
 * same alias. Every container ever started is kept (stopped ones too) so that its log can be
 * written out on failure; {@link #close()} removes containers, volumes and the network.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(Fleet.class);
    private static final String READY_LINE = "PekoNode agent started";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final NodeImage image;
    private final String transport;
    private final Network network;
    private final Map<String, AgentNode> current = new LinkedHashMap<>();
    private final Map<String, NodeSpec> specs = new LinkedHashMap<>();
    /** Every container started, in order, with the generation it was for its alias (1 = first). */
    private final List<Generation> started = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private record Generation(AgentNode node, int number) {
    }

    Fleet(NodeImage image, String transport) {
        this.image = image;
        this.transport = transport;
        this.network = Network.newNetwork();
    }

    public String transport() {
        return transport;
    }

    /** Creates a Docker named volume, removed again by {@link #close()}; Docker owns its files, not the test user. */
    public synchronized String createVolume(String purpose) {
        String name = "pekonode-it-" + runId + "-" + purpose;
        docker().createVolumeCmd().withName(name).withLabels(Map.of("io.pekonode.it.run", runId)).exec();
        volumes.add(name);
        return name;
    }

    /** Starts one node and waits until it logs that it started. */
    public AgentNode start(NodeSpec spec) {
        return startAll(List.of(spec)).get(0);
    }

    /** Starts the nodes in parallel, each until it logs that it started. */
    public List<AgentNode> startAll(List<NodeSpec> nodeSpecs) {
        List<AgentNode> nodes = new ArrayList<>();
        synchronized (this) {
            for (NodeSpec spec : nodeSpecs) {
                if (current.containsKey(spec.alias()) && current.get(spec.alias()).container().isRunning()) {
                    throw new IllegalStateException(spec.alias() + " is running; stop it before starting it again");
                }
                AgentNode node = create(spec);
                int generation = (int) started.stream().filter(g -> g.node().alias().equals(spec.alias())).count() + 1;
                started.add(new Generation(node, generation));
                specs.put(spec.alias(), spec);
                nodes.add(node);
            }
        }
        List<GenericContainer<?>> containers = nodes.stream().<GenericContainer<?>>map(AgentNode::container).toList();
        try {
            Startables.deepStart(containers).get(STARTUP_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not start " + nodeSpecs + " (their logs are written on failure)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + nodeSpecs, e);
        }
        synchronized (this) {
            nodes.forEach(n -> current.put(n.alias(), n));
        }
        return nodes;
    }

    /**
     * {@code docker stop} (SIGTERM: the agent leaves gracefully and saves its state), then a new
     * container with the same alias and the same spec: same volume, key file and flags.
     */
    public AgentNode restart(AgentNode node) {
        return restart(node, UnaryOperator.identity());
    }

    /**
     * Like {@link #restart(AgentNode)} with a changed spec, e.g. other seeds: a first node that
     * bootstrapped the cluster must join the others when it comes back.
     */
    public AgentNode restart(AgentNode node, UnaryOperator<NodeSpec> change) {
        NodeSpec spec;
        synchronized (this) {
            if (current.get(node.alias()) != node) {
                throw new IllegalArgumentException(node + " is not the current container of its alias");
            }
            spec = change.apply(specs.get(node.alias()));
        }
        if (!spec.alias().equals(node.alias())) {
            throw new IllegalArgumentException("a restart keeps the alias " + node.alias() + ", not " + spec.alias());
        }
        node.stop();
        return start(spec);
    }

    /** The running container of each alias, in the order they were first started. */
    public synchronized List<AgentNode> nodes() {
        return List.copyOf(current.values());
    }

    /** The spec the alias's current container was started with. */
    public synchronized NodeSpec spec(String alias) {
        NodeSpec spec = specs.get(alias);
        if (spec == null) {
            throw new IllegalArgumentException("no node " + alias + " in " + specs.keySet());
        }
        return spec;
    }

    public synchronized AgentNode node(String alias) {
        AgentNode node = current.get(alias);
        if (node == null) {
            throw new IllegalArgumentException("no node " + alias + " in " + current.keySet());
        }
        return node;
    }

    /** Each observer's member list, read now. Throws if any observer does not answer. */
    public ClusterView views(Collection<AgentNode> observers) throws IOException {
        Map<String, List<MemberView>> views = new LinkedHashMap<>();
        for (AgentNode node : observers) {
            views.put(node.alias(), node.api().members());
        }
        return new ClusterView(views);
    }

    /** Whether {@link #partition} can work here (the image carries iptables). */
    public boolean supportsPartitions() {
        return image.hasIptables();
    }

    /**
     * Cuts the network between two groups in both directions, as {@link DockerCluster#partition} does:
     * {@code sideA}'s nodes drop {@code sideB}'s packets first, then the other way round. Returns once
     * every rule is in place.
     */
    public void partition(List<AgentNode> sideA, List<AgentNode> sideB) throws IOException {
        if (!image.hasIptables()) {
            throw new IllegalStateException("the node image has no iptables; partitions need the scratch image");
        }
        AgentNode.cut(sideA, sideB);
        LOG.info("partitioned {} | {}", sideA, sideB);
    }

    /** Undoes {@link #partition} on these nodes. */
    public void heal(Collection<AgentNode> affected) throws IOException {
        for (AgentNode node : affected) {
            node.acceptAllTraffic();
        }
        LOG.info("healed partition of {}", affected);
    }

    /** Writes the log of every container ever started to {@code dir/<prefix>.<alias>.<generation>.log}. */
    public void dumpLogs(Path dir, String prefix) {
        List<Generation> all;
        synchronized (this) {
            all = List.copyOf(started);
        }
        try {
            Files.createDirectories(dir);
            for (Generation g : all) {
                if (!g.node().hasOutput()) {
                    continue;
                }
                Path file = dir.resolve(prefix + "." + g.node().alias() + "." + g.number() + ".log");
                Files.writeString(file, g.node().logs(), StandardCharsets.UTF_8);
                LOG.warn("container log of {} (container #{} of that alias) written to {}", g.node().alias(), g.number(), file);
            }
        } catch (IOException e) {
            LOG.warn("could not write container logs to {}: {}", dir, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        for (Generation g : started) {
            try {
                g.node().container().stop();
            } catch (RuntimeException e) {
                LOG.warn("could not remove the container of {}: {}", g.node(), e.toString());
            }
        }
        for (String volume : volumes) {
            try {
                docker().removeVolumeCmd(volume).exec();
            } catch (RuntimeException e) {
                LOG.warn("could not remove volume {}: {}", volume, e.toString());
            }
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("could not remove network {}: {}", network.getId(), e.toString());
        }
    }

    private AgentNode create(NodeSpec spec) {
        String alias = spec.alias();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.name()))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withExposedPorts(AgentNode.HTTP_PORT)
                .withCommand(spec.command(transport, DockerCluster.PROFILE).toArray(String[]::new))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(alias);
                    spec.dataVolume().ifPresent(volume ->
                            cmd.getHostConfig().withBinds(new Bind(volume, new Volume(NodeSpec.DATA_DIR))));
                    if (image.hasIptables()) {
                        cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
                    }
                })
                // The image has no shell, so readiness comes from the agent's own log line.
                .waitingFor(new ReadyLogWait(READY_LINE, STARTUP_TIMEOUT));
        // Copied through Docker's archive API before the start: no shell or chmod needed in the image.
        spec.keyFile().ifPresent(text -> container.withCopyToContainer(
                new AgentOwnedFile(text.getBytes(StandardCharsets.UTF_8)), NodeSpec.KEY_FILE));
        AgentNode node = new AgentNode(alias, container, network.getId());
        container.withLogConsumer(frame -> node.capture(frame.getUtf8String()));
        return node;
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }
}

package io.pekonode.it.cluster;

import com.github.dockerjava.api.model.Capability;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * N agents, one per container, on a private Docker network. node1 is the seed (it bootstraps);
 * every other node joins through it. Nodes address each other by network alias.
 */
public final class DockerCluster implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(DockerCluster.class);

    /** The agent profile every node runs; {@link ProtocolBounds} derives its timing bounds from it. */
    public static final String PROFILE = "local";
    private static final String READY_LINE = "PekoNode agent started";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final String transport;
    private final boolean iptables;
    private final Network network;
    private final List<AgentNode> nodes = new ArrayList<>();

    private DockerCluster(String transport, boolean iptables, Network network) {
        this.transport = transport;
        this.iptables = iptables;
        this.network = network;
    }

    /**
     * Starts the seed, then the other nodes in parallel, each until it logs that it started.
     * On failure the containers' logs go to {@code logDir} before the exception propagates.
     */
    public static DockerCluster start(NodeImage image, String transport, int size, Path logDir, String logPrefix) {
        long begin = System.nanoTime();
        DockerCluster cluster = new DockerCluster(transport, image.hasIptables(), Network.newNetwork());
        try {
            for (int i = 1; i <= size; i++) {
                cluster.nodes.add(cluster.createNode(image, "node" + i, i == 1));
            }
            cluster.nodes.get(0).container().start();
            List<GenericContainer<?>> rest = cluster.nodes.subList(1, size).stream()
                    .<GenericContainer<?>>map(AgentNode::container).toList();
            Startables.deepStart(rest).get(STARTUP_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            cluster.dumpLogs(logDir, logPrefix + ".startup");
            cluster.close();
            throw new IllegalStateException("could not start a " + size + "-node " + transport
                    + " cluster; container logs are in " + logDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new IllegalStateException("interrupted while starting the cluster", e);
        }
        LOG.info("{}-node {} cluster containers started in {} ms", size, transport,
                (System.nanoTime() - begin) / 1_000_000);
        return cluster;
    }

    private AgentNode createNode(NodeImage image, String alias, boolean seed) {
        List<String> args = new ArrayList<>(List.of("agent",
                "--bind", "0.0.0.0:" + AgentNode.GOSSIP_PORT,
                "--advertise", alias + ":" + AgentNode.GOSSIP_PORT,
                "--name", alias,
                "--http", "0.0.0.0:" + AgentNode.HTTP_PORT, "--http-insecure",
                "--transport", transport,
                "--profile", PROFILE));
        if (seed) {
            args.add("--bootstrap");
        } else {
            args.addAll(List.of("--join", "node1:" + AgentNode.GOSSIP_PORT));
        }
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image.name()))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withExposedPorts(AgentNode.HTTP_PORT)
                .withCommand(args.toArray(String[]::new))
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(alias);
                    if (iptables) {
                        cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
                    }
                })
                // The image has no shell, so readiness comes from the agent's own log line.
                .waitingFor(new ReadyLogWait(READY_LINE, STARTUP_TIMEOUT));
        AgentNode node = new AgentNode(alias, container, network.getId());
        container.withLogConsumer(frame -> node.capture(frame.getUtf8String()));
        return node;
    }

    public String transport() {
        return transport;
    }

    public int size() {
        return nodes.size();
    }

    public List<AgentNode> nodes() {
        return List.copyOf(nodes);
    }

    /** 1-based, matching the alias: {@code node(1)} is the seed "node1". */
    public AgentNode node(int number) {
        return nodes.get(number - 1);
    }

    public List<AgentNode> nodesExcept(AgentNode excluded) {
        return nodes.stream().filter(n -> n != excluded).toList();
    }

    /** Each observer's member list, read now. Throws if any observer does not answer. */
    public ClusterView views(Collection<AgentNode> observers) throws IOException {
        Map<String, List<MemberView>> views = new LinkedHashMap<>();
        for (AgentNode node : observers) {
            views.put(node.alias(), node.api().members());
        }
        return new ClusterView(views);
    }

    public ClusterView views() throws IOException {
        return views(nodes);
    }

    /** Whether {@link #partition} can work here (the image carries iptables). */
    public boolean supportsPartitions() {
        return iptables;
    }

    /**
     * Cuts the network between two groups in both directions: every node drops packets from the
     * other group's addresses. Addresses stay the same and the HTTP API stays reachable from the
     * test host, so each side's view can be read during the split.
     */
    public void partition(List<AgentNode> sideA, List<AgentNode> sideB) throws IOException {
        if (!iptables) {
            throw new IllegalStateException("the node image has no iptables; partitions need the scratch image");
        }
        AgentNode.cut(sideA, sideB);
        LOG.info("partitioned {} | {}", sideA, sideB);
    }

    /** Undoes {@link #partition} on every node. */
    public void heal(Collection<AgentNode> affected) throws IOException {
        for (AgentNode node : affected) {
            node.acceptAllTraffic();
        }
        LOG.info("healed partition of {}", affected);
    }

    /** Writes every container's log to {@code dir/<prefix>.<alias>.log}. */
    public void dumpLogs(Path dir, String prefix) {
        try {
            Files.createDirectories(dir);
            for (AgentNode node : nodes) {
                if (!node.hasOutput()) {
                    continue; // never started
                }
                Path file = dir.resolve(prefix + "." + node.alias() + ".log");
                Files.writeString(file, node.logs(), StandardCharsets.UTF_8);
                LOG.warn("container log of {} written to {}", node.alias(), file);
            }
        } catch (IOException e) {
            LOG.warn("could not write container logs to {}: {}", dir, e.toString());
        }
    }

    @Override
    public void close() {
        for (AgentNode node : nodes) {
            try {
                if (node.container().getContainerId() != null && node.isPaused()) {
                    node.unpause();
                }
            } catch (RuntimeException e) {
                LOG.debug("could not unpause {}: {}", node, e.toString());
            }
            try {
                node.container().stop();
            } catch (RuntimeException e) {
                LOG.warn("could not remove the container of {}: {}", node, e.toString());
            }
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("could not remove network {}: {}", network.getId(), e.toString());
        }
    }
}

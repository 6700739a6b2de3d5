package io.pekonode.testkit.fake;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few {@link FakeCluster} nodes that reach each other's message handlers and listeners by node
 * id, in memory, with no protocol underneath: requests, sends, queries and user events go straight
 * to the node they name. Membership is not derived from the network: each node's member list holds
 * itself and whatever the test {@linkplain FakeCluster#putMember puts} there.
 *
 * <pre>{@code
 * try (FakeNetwork network = new FakeNetwork()) {
 *     Cluster a = network.node("a");
 *     network.node("b").handle("greet", m -> "hello".getBytes(UTF_8));
 *     byte[] reply = a.request("b", "greet", new byte[0], Duration.ofSeconds(1)).join();
 * }
 * }</pre>
 *
 * <p>Handlers run on a small pool owned by the network, never on the caller's thread, as on a real
 * node; {@link #close()} stops it.
 */
public final class FakeNetwork implements AutoCloseable {

    /** Handler threads: a few, so that a handler blocking on another node's answer cannot starve them. */
    private static final int HANDLER_THREADS = 4;
    /** The port fake members advertise when the test gives no address. */
    private static final int DEFAULT_PORT = 7946;

    private final Map<String, FakeCluster> nodes = new LinkedHashMap<>();
    private final ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "fake-cluster-handler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong lamportTime = new AtomicLong();

    /** An empty network. */
    public FakeNetwork() {
    }

    /**
     * The node with this id, created on first use with {@link ClusterConfig#local()}, the id as its
     * name and {@code id:7946} as its address.
     */
    public synchronized FakeCluster node(String id) {
        FakeCluster existing = nodes.get(id);
        if (existing != null) {
            return existing;
        }
        return node(ClusterConfig.local().nodeName(id).bind(new NodeAddress(id, DEFAULT_PORT)).build(), id);
    }

    /**
     * Adds a node: its name, advertised (or bind) address and tags come from {@code config}, and so
     * do the limits it enforces ({@code maxKeyLength}, {@code maxValueBytes}, {@code maxEventPayloadBytes}).
     *
     * @throws IllegalStateException when a node with this id is already on the network
     */
    public synchronized FakeCluster node(ClusterConfig config, String id) {
        if (nodes.containsKey(id)) {
            throw new IllegalStateException("a node with id " + id + " is already on this fake network");
        }
        FakeCluster node = new FakeCluster(this, config, id, false);
        nodes.put(id, node);
        return node;
    }

    /** Stops the handler threads; handlers still running are interrupted. */
    @Override
    public void close() {
        handlers.shutdownNow();
    }

    synchronized Optional<FakeCluster> find(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** Every node, in the order they joined the network. */
    synchronized List<FakeCluster> nodes() {
        return new ArrayList<>(nodes.values());
    }

    Executor handlers() {
        return handlers;
    }

    /** User events of all nodes share one clock, so their times never repeat. */
    long nextLamportTime() {
        return lamportTime.incrementAndGet();
    }

    synchronized void register(FakeCluster node) {
        nodes.put(node.localMember().id(), node);
    }
}

package io.pekonode.agent.http;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Cluster;
import io.pekonode.consensus.http.ConsensusHttpApi;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.Subscription;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.WireSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The agent's JSON HTTP API on the JDK's built-in server.
 *
 * <p>Requests run on a small bounded pool: a burst beyond its queue is dropped (and counted)
 * rather than growing threads or memory; the protocol never waits on HTTP.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ApiServer.class);
    private static final int THREADS = 4;
    private static final int QUEUE = 64;
    /** Queries answered at once; each holds an API thread until its deadline, so keep some free. */
    static final int MAX_QUERIES = THREADS / 2;
    /** User events kept for {@code GET /v1/events}. */
    static final int EVENT_HISTORY = 256;
    /** How long {@code POST /v1/leave} waits for the departure to spread before answering 202. */
    public static final Duration LEAVE_WAIT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private final Subscription historyFeed;
    private final Optional<MeterRegistry> meters;

    private ApiServer(HttpServer server, ThreadPoolExecutor executor, Subscription historyFeed,
                      Optional<MeterRegistry> meters) {
        this.server = server;
        this.executor = executor;
        this.historyFeed = historyFeed;
        this.meters = meters;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound, with the address in the message
     */
    /**
     * The JDK server reads this once, when its first server is created: without it, every answer on
     * a kept-alive connection waits ~40 ms for Nagle's algorithm (measured by bench/serf-vs-pekonode.sh).
     */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    public static ApiServer start(NodeAddress address, Cluster cluster, AgentControl control, int maxValueBytes) {
        return start(address, cluster, control, maxValueBytes, maxValueBytes);
    }

    /**
     * As {@link #start(NodeAddress, Cluster, AgentControl, int)}, with the bound on event and query
     * payloads read from HTTP bodies (the cluster checks its exact limit, name included, itself).
     */
    public static ApiServer start(NodeAddress address, Cluster cluster, AgentControl control, int maxValueBytes,
                                  int maxEventPayloadBytes) {
        return start(address, cluster, control, maxValueBytes, maxEventPayloadBytes, Optional.empty());
    }

    /** As {@link #start(NodeAddress, Cluster, AgentControl, int, int)}, serving {@code /v1/consensus/} too when given. */
    public static ApiServer start(NodeAddress address, Cluster cluster, AgentControl control, int maxValueBytes,
                                  int maxEventPayloadBytes, Optional<ConsensusHttpApi> consensus) {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address.resolve(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + address + ": " + e.getMessage(), e);
        }
        Map<String, Endpoint> paths = new HashMap<>(Map.of(
                "/v1/members", new MembersEndpoint(cluster),
                "/v1/kv", new KeysEndpoint(cluster),
                "/v1/leave", new LeaveEndpoint(cluster, control, LEAVE_WAIT),
                "/v1/health", new HealthEndpoint(cluster, control)));
        Optional<WireSecurity> security = cluster instanceof PekoNode node ? node.security() : Optional.empty();
        paths.putAll(KeyringEndpoint.all(security));
        Optional<MeterRegistry> meters = Optional.empty();
        if (cluster instanceof PekoNode node) {
            // The agent's own registry, read only by GET /v1/metrics; the engine counts with or without it.
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            node.meterBinder().bindTo(registry);
            meters = Optional.of(registry);
        }
        paths.put(MetricsEndpoint.PATH, new MetricsEndpoint(meters));
        EventHistory history = new EventHistory(EVENT_HISTORY);
        paths.put("/v1/events", new EventsEndpoint(history));
        Map<String, Endpoint> prefixed = new HashMap<>(Map.of(
                Router.KV_PREFIX, new KeyEndpoint(cluster, maxValueBytes),
                EventEndpoint.PREFIX, new EventEndpoint(cluster, maxEventPayloadBytes),
                QueryEndpoint.PREFIX, new QueryEndpoint(cluster, maxEventPayloadBytes, MAX_QUERIES),
                ServicesEndpoint.PREFIX, new ServicesEndpoint(cluster)));
        consensus.ifPresent(api -> prefixed.put(ConsensusEndpoint.PREFIX, new ConsensusEndpoint(api, maxValueBytes)));
        Router router = new Router(paths, prefixed);
        server.createContext("/", router);
        Subscription historyFeed = cluster.subscribe(history);
        AtomicLong rejected = new AtomicLong();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), daemonThreads(), (task, pool) -> {
                    // The connection is left to the client's timeout; throwing here would kill the
                    // server's dispatcher thread.
                    LOG.warn("HTTP API overloaded: request dropped ({} so far)", rejected.incrementAndGet());
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.start();
        return new ApiServer(server, executor, historyFeed, meters);
    }

    /** The bound address, with the real port when 0 was asked for. */
    public NodeAddress address() {
        return NodeAddress.of(server.getAddress());
    }

    @Override
    public void close() {
        historyFeed.close();
        server.stop(0);
        executor.shutdownNow();
        meters.ifPresent(MeterRegistry::close);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        // The JDK's dispatcher thread does not inherit the log context, so hand the node's name over here.
        Map<String, String> logContext = ThreadContext.getImmutableContext();
        return r -> {
            Thread t = new Thread(() -> {
                ThreadContext.putAll(logContext);
                r.run();
            }, "pekonode-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

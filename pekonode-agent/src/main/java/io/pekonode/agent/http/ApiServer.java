package io.pekonode.agent.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pekonode.api.Cluster;
import io.pekonode.consensus.http.ConsensusHttpApi;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.WireSecurity;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.apache.logging.log4j.ThreadContext;

/**
 * The agent's JSON HTTP API, its optional operations listener, and the event stream, on Jetty.
 *
 * <p>Why Jetty and not the JDK's built-in server: that server reads each request's headers on a pool
 * thread, so a dozen clients trickling one header line a second stall every other request for as long
 * as they keep trickling; its only guards are JVM-wide system properties, and its response time limit
 * would also cut event streams. Jetty reads requests without holding a thread, bounds connections,
 * writes streams asynchronously, and does TLS with client certificates.
 *
 * <p>Bounds: {@link HttpSettings#maxConnections()} per listener (past it, the longest-idle connection
 * is closed for each new one), an idle timeout, a deadline for a request to arrive completely
 * ({@link SlowRequestGuard}), 8 KiB of request headers, the endpoints' own body limits, and a
 * bounded queue per stream client. Threads: Jetty's pool (at most {@value #MAX_THREADS}, idle ones
 * leave after a minute) plus one acceptor and one selector per listener.
 */
public final class ApiServer implements AutoCloseable {

    static final int MAX_THREADS = 24;
    private static final int MIN_THREADS = 2;
    /** Queries answered at once; each holds an API thread until its deadline, so keep most free. */
    static final int MAX_QUERIES = 2;
    /** User events kept for {@code GET /v1/events}. */
    static final int EVENT_HISTORY = 256;
    /** How long {@code POST /v1/leave} waits for the departure to spread before answering 202. */
    public static final Duration LEAVE_WAIT = Duration.ofSeconds(10);
    /** Idle connections are closed this soon once a listener is at its connection bound. */
    static final Duration IDLE_AT_LIMIT = Duration.ofSeconds(1);
    private static final int HEADER_BYTES = 8 * 1024;
    /** Connections accepted past the bound, so that one can arrive and make room by closing an idle one. */
    private static final int HEADROOM = 8;

    private final Server server;
    private final ServerConnector apiConnector;
    private final ServerConnector opsConnector;
    private final AgentMeters meters;
    private final StreamHub hub;
    private final ApiWarmUp warmUp;
    private final SlowRequestGuard guard;
    private final EventHistory history;
    private final io.pekonode.api.event.Subscription historyFeed;
    private final NodeAddress apiAddress;
    private final NodeAddress opsAddress;

    private ApiServer(Server server, ServerConnector apiConnector, ServerConnector opsConnector, AgentMeters meters,
                      StreamHub hub, ApiWarmUp warmUp, SlowRequestGuard guard, EventHistory history,
                      io.pekonode.api.event.Subscription historyFeed) {
        this.server = server;
        this.apiConnector = apiConnector;
        this.opsConnector = opsConnector;
        this.meters = meters;
        this.hub = hub;
        this.warmUp = warmUp;
        this.guard = guard;
        this.history = history;
        this.historyFeed = historyFeed;
        // Read once: after stop the connectors no longer know their ports.
        this.apiAddress = new NodeAddress(host(apiConnector), apiConnector.getLocalPort());
        this.opsAddress = opsConnector == null ? null : new NodeAddress(host(opsConnector), opsConnector.getLocalPort());
    }

    public static ApiServer start(NodeAddress address, Cluster cluster, AgentControl control, int maxValueBytes) {
        return start(address, cluster, control, maxValueBytes, maxValueBytes);
    }

    /** Plain HTTP on {@code address} without tokens, as in tests and on loopback. */
    public static ApiServer start(NodeAddress address, Cluster cluster, AgentControl control, int maxValueBytes,
                                  int maxEventPayloadBytes) {
        return start(HttpSettings.plain(address), cluster, control, maxValueBytes, maxEventPayloadBytes);
    }

    /** As {@link #start(HttpSettings, Cluster, AgentControl, int, int, Optional)}, without the consensus resources. */
    public static ApiServer start(HttpSettings settings, Cluster cluster, AgentControl control, int maxValueBytes,
                                  int maxEventPayloadBytes) {
        return start(settings, cluster, control, maxValueBytes, maxEventPayloadBytes, Optional.empty());
    }

    /**
     * Binds the listeners (port 0 picks a free port) and starts serving.
     *
     * @throws UncheckedIOException when an address cannot be bound, with the address in the message
     */
    public static ApiServer start(HttpSettings settings, Cluster cluster, AgentControl control, int maxValueBytes,
                                  int maxEventPayloadBytes, Optional<ConsensusHttpApi> consensus) {
        AgentMeters meters = new AgentMeters(cluster);
        PrometheusMeterRegistry registry = meters.registry();
        Map<String, String> logContext = ThreadContext.getImmutableContext();
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, 60_000) {
            @Override
            public Thread newThread(Runnable job) {
                // Jetty's threads log with the node's name, like the engine's.
                Thread t = super.newThread(() -> {
                    ThreadContext.putAll(logContext);
                    job.run();
                });
                t.setDaemon(true);
                return t;
            }
        };
        pool.setName("pekonode-http");
        pool.setReservedThreads(0);
        Server server = new Server(pool);
        server.setErrorHandler(new JsonErrorHandler());
        int listeners = settings.ops() == null ? 1 : 2;
        SlowRequestGuard guard = new SlowRequestGuard(settings.requestDeadline(), settings.maxConnections() * listeners);
        ServerConnector api = connector(server, settings, settings.api(), settings.tls(), guard);
        server.addConnector(api);
        ServerConnector ops = null;
        if (settings.ops() != null) {
            ops = connector(server, settings, settings.ops(), null, guard);
            server.addConnector(ops);
        }
        // The guard closes the longest-idle connections past the bound; this hard limit, a little
        // above, keeps busy connections from growing past it when none is idle.
        NetworkConnectionLimit limit = new NetworkConnectionLimit(settings.maxConnections() * listeners + HEADROOM, server);
        limit.setEndPointIdleTimeout(IDLE_AT_LIMIT.toMillis());
        server.addBean(limit);

        StreamHub hub = new StreamHub(cluster, settings.heartbeat());
        EventHistory history = new EventHistory(EVENT_HISTORY);
        KeyVersions versions = new KeyVersions();
        Router.Gate gate = Router.Gate.OPEN;
        TokenGate tokens = null;
        if (settings.tokens() != null) {
            tokens = new TokenGate(settings.tokens(), System::currentTimeMillis);
            gate = tokens;
        }
        int inboundCapacity = cluster instanceof PekoNode node ? node.config().limits().inboundQueueCapacity()
                : Integer.MAX_VALUE;
        Map<String, Endpoint> health = Map.of(
                HealthChecksEndpoint.LIVE, new HealthChecksEndpoint(false, cluster, control,
                        () -> meters.gauge("pekonode.inbound.queue.size"), inboundCapacity),
                HealthChecksEndpoint.READY, new HealthChecksEndpoint(true, cluster, control,
                        () -> meters.gauge("pekonode.inbound.queue.size"), inboundCapacity),
                PrometheusEndpoint.PATH, new PrometheusEndpoint(registry));
        Map<String, Endpoint> paths = new HashMap<>(health);
        paths.putAll(Map.of(
                "/v1/members", new MembersEndpoint(cluster),
                "/v1/kv", new KeysEndpoint(cluster, versions),
                "/v1/leave", new LeaveEndpoint(cluster, control, LEAVE_WAIT),
                "/v1/health", new HealthEndpoint(cluster, control),
                MetricsEndpoint.PATH, new MetricsEndpoint(registry),
                "/v1/events", new EventsEndpoint(history),
                EventStreamEndpoint.PATH, new EventStreamEndpoint(hub),
                JoinEndpoint.PATH, new JoinEndpoint(cluster),
                TagsEndpoint.PATH, new TagsEndpoint(cluster)));
        Optional<WireSecurity> security = cluster instanceof PekoNode node ? node.security() : Optional.empty();
        paths.putAll(KeyringEndpoint.all(security));
        paths.put(DiscoveryEndpoint.PATH, new DiscoveryEndpoint(cluster));
        TokenGate counted = tokens;
        DashboardEndpoint dashboard = new DashboardEndpoint();
        paths.put(DashboardEndpoint.ROOT, dashboard);
        paths.put(InfoEndpoint.PATH, new InfoEndpoint(cluster, control, () -> queues(meters, hub),
                () -> httpCounters(guard, hub, counted)));
        Map<String, Endpoint> prefixed = new HashMap<>(Map.of(
                Router.KV_PREFIX, new KeyEndpoint(cluster, maxValueBytes),
                EventEndpoint.PREFIX, new EventEndpoint(cluster, maxEventPayloadBytes),
                QueryEndpoint.PREFIX, new QueryEndpoint(cluster, maxEventPayloadBytes, MAX_QUERIES),
                ServicesEndpoint.PREFIX, new ServicesEndpoint(cluster),
                ForceLeaveEndpoint.PREFIX, new ForceLeaveEndpoint(cluster),
                DashboardEndpoint.PREFIX, dashboard));
        consensus.ifPresent(c -> prefixed.put(ConsensusEndpoint.PREFIX, new ConsensusEndpoint(c, maxValueBytes)));
        Router apiRouter = new Router(paths, prefixed, gate);
        Router opsRouter = new Router(health, Map.of(), Router.Gate.OPEN);
        // In memory only, so without a token: the endpoints the warm-up reads, with a stream of its own.
        LocalConnector warmUpConnector = new LocalConnector(server, new HttpConnectionFactory(httpConfiguration(settings)));
        server.addConnector(warmUpConnector);
        StreamHub warmUpHub = StreamHub.detached(settings.heartbeat());
        Router warmUpRouter = new Router(Map.of("/v1/members", paths.get("/v1/members"),
                EventStreamEndpoint.PATH, new EventStreamEndpoint(warmUpHub)),
                Map.of(Router.KV_PREFIX, prefixed.get(Router.KV_PREFIX)), Router.Gate.OPEN);
        server.setHandler(new JettyAdapter(new JettyAdapter.Routers(apiRouter, ops, opsRouter, warmUpConnector, warmUpRouter),
                guard, registry, settings.streamBacklog(), hub, warmUpHub));
        bindHttpMeters(registry, guard, hub, tokens, settings);
        bindHandlerMeters(registry, control);

        io.pekonode.api.event.Subscription historyFeed = cluster.subscribe(event -> {
            history.onEvent(event);
            versions.onEvent(event);
        });
        try {
            server.start();
        } catch (Exception e) {
            historyFeed.close();
            hub.close();
            warmUpHub.close();
            guard.close();
            meters.close();
            stopQuietly(server);
            NodeAddress failed = ops != null && ops.getLocalPort() <= 0 && api.getLocalPort() > 0 ? settings.ops() : settings.api();
            throw new UncheckedIOException("cannot listen for HTTP on " + failed + ": " + e.getMessage(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        ApiWarmUp warmUp = new ApiWarmUp(warmUpConnector, warmUpHub);
        warmUp.startInBackground();
        return new ApiServer(server, api, ops, meters, hub, warmUp, guard, history, historyFeed);
    }

    private static HttpConfiguration httpConfiguration(HttpSettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(HEADER_BYTES);
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        // Keys may hold any character: %2F, %25 and empty segments are data here, not path structure.
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setHttpCompliance(HttpCompliance.RFC9110);
        return http;
    }

    private static ServerConnector connector(Server server, HttpSettings settings, NodeAddress address,
                                             TlsSettings tls, SlowRequestGuard guard) {
        HttpConfiguration http = httpConfiguration(settings);
        ServerConnector connector;
        if (tls != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(tls.keyStore());
            ssl.setKeyStorePassword(new String(tls.password()));
            if (tls.clientCertificates()) {
                ssl.setTrustStore(tls.trustStore());
                ssl.setNeedClientAuth(true);
            }
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Certificates are often issued for a name while clients dial the IP (or the reverse).
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        connector.setHost(address.host());
        connector.setPort(address.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.addBean(guard);
        return connector;
    }

    private static Map<String, Number> queues(AgentMeters meters, StreamHub hub) {
        Map<String, Number> q = new LinkedHashMap<>();
        meters.gauge("pekonode.inbound.queue.size").ifPresent(v -> q.put("inbound", v.longValue()));
        meters.gauge("pekonode.gossip.queue.size").ifPresent(v -> q.put("gossip", v.longValue()));
        q.put("streamClients", hub.clients());
        return q;
    }

    private static Map<String, Number> httpCounters(SlowRequestGuard guard, StreamHub hub, TokenGate tokens) {
        Map<String, Number> h = new LinkedHashMap<>();
        h.put("openConnections", guard.openConnections());
        h.put("slowRequestsClosed", guard.closedSlow());
        h.put("idleClosedAtBound", guard.closedIdle());
        h.put("streamClientsDropped", hub.droppedCount());
        h.put("authFailures", tokens == null ? 0 : tokens.failures());
        h.put("authThrottled", tokens == null ? 0 : tokens.throttled());
        return h;
    }

    private static void bindHttpMeters(MeterRegistry registry, SlowRequestGuard guard, StreamHub hub, TokenGate tokens,
                                       HttpSettings settings) {
        Gauge.builder("pekonode.http.connections", guard, SlowRequestGuard::openConnections)
                .description("HTTP connections open (API and operations listeners)").strongReference(true).register(registry);
        Gauge.builder("pekonode.http.connections.max", settings, HttpSettings::maxConnections)
                .description("HTTP connections allowed per listener").strongReference(true).register(registry);
        FunctionCounter.builder("pekonode.http.idle.closed", guard, SlowRequestGuard::closedIdle)
                .description("Idle connections closed to make room past the connection bound").register(registry);
        FunctionCounter.builder("pekonode.http.slow.requests.closed", guard, SlowRequestGuard::closedSlow)
                .description("Connections closed because a request did not arrive completely within the deadline")
                .register(registry);
        Gauge.builder("pekonode.stream.clients", hub, StreamHub::clients)
                .description("Clients of GET /v1/stream").strongReference(true).register(registry);
        FunctionCounter.builder("pekonode.stream.dropped", hub, StreamHub::droppedCount)
                .description("Stream clients dropped for falling too far behind").register(registry);
        if (tokens != null) {
            FunctionCounter.builder("pekonode.http.auth.failures", tokens, TokenGate::failures)
                    .description("Requests refused for a missing, unknown or read-only token").register(registry);
            FunctionCounter.builder("pekonode.http.auth.throttled", tokens, TokenGate::throttled)
                    .description("Requests refused because their source failed authentication too often")
                    .register(registry);
        }
    }

    private static void bindHandlerMeters(MeterRegistry registry, AgentControl control) {
        for (String outcome : List.of("started", "succeeded", "failed", "timed_out", "rejected")) {
            FunctionCounter.builder("pekonode.handler.commands", control,
                            c -> c.handlerCommands().getOrDefault(outcome, 0L).doubleValue())
                    .description("Event and query handler commands, by outcome").tag("outcome", outcome).register(registry);
        }
        Gauge.builder("pekonode.handler.queue.size", control, c -> c.queues().getOrDefault("handlers", 0).doubleValue())
                .description("Handler commands waiting for a free slot").strongReference(true).register(registry);
    }

    /** The API's bound address, with the real port when 0 was asked for. */
    public NodeAddress address() {
        return apiAddress;
    }

    /** The operations listener's bound address, when there is one. */
    public Optional<NodeAddress> opsAddress() {
        return Optional.ofNullable(opsAddress);
    }

    /** Whether the API listener speaks TLS. */
    public boolean tls() {
        return apiConnector.getConnectionFactory(SslConnectionFactory.class) != null;
    }

    /** Clients of the event stream right now (for tests and info). */
    int streamClients() {
        return hub.clients();
    }

    /** Completes when the warm-up of the first answers is over: true when it ran every step. */
    java.util.concurrent.CompletableFuture<Boolean> warmUpFinished() {
        return warmUp.finished();
    }

    long streamDropped() {
        return hub.droppedCount();
    }

    long slowRequestsClosed() {
        return guard.closedSlow();
    }

    private static String host(ServerConnector c) {
        return c.getHost() == null ? "0.0.0.0" : c.getHost();
    }

    @Override
    public void close() {
        historyFeed.close();
        hub.close();
        stopQuietly(server);
        guard.close();
        meters.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.setStopTimeout(0);
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the agent is going away
        }
    }
}

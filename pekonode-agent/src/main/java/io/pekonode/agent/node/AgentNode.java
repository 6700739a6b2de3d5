package io.pekonode.agent.node;

import io.pekonode.agent.handlers.CommandRunner;
import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.handlers.HandlerStats;
import io.pekonode.agent.handlers.Handlers;
import io.pekonode.agent.http.AgentControl;
import io.pekonode.agent.http.ApiServer;
import io.pekonode.agent.http.HttpSettings;
import io.pekonode.api.Cluster;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.http.ConsensusHttpApi;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * One running agent: a cluster node, its event log, its join watch and its HTTP API. Started with
 * {@link #start}; ends with {@link #close()} (leave, then release everything) from a signal, from
 * {@code POST /v1/leave}, or from a test.
 */
public final class AgentNode implements AgentControl, AutoCloseable {

    /** Logger of the lifecycle lines ("started", "stopping"); kept at INFO whatever --log-level says. */
    public static final String LIFECYCLE_LOGGER = "io.pekonode.agent.lifecycle";
    private static final Logger LOG = LogManager.getLogger(LIFECYCLE_LOGGER);
    /** How long a shutting-down agent waits for its departure to be gossiped before closing. */
    static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ALONE_LEAVE_TIMEOUT = Duration.ofMillis(100);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterConfig config;
    private final Cluster cluster;
    private final Subscription events;
    private final JoinWatch joinWatch;
    private final ApiServer api;
    private volatile Handlers handlers;
    private volatile HandlerSettings handlerSettings;
    /** What the handler sets replaced by reloads did, so the agent's totals keep counting up. */
    private volatile HandlerStats retiredHandlers = HandlerStats.ZERO;
    private final Map<String, Object> configSummary;
    private final AtomicBoolean leaving = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile CompletableFuture<Void> leave;

    private final Consensus consensus;
    private final ConsensusHttpApi consensusApi;

    private AgentNode(ClusterConfig config, Cluster cluster, HttpSettings http, HandlerSettings handlerSettings,
                      Map<String, Object> configSummary, ConsensusSettings consensusSettings) {
        this.config = config;
        this.cluster = cluster;
        this.handlerSettings = handlerSettings;
        this.configSummary = Map.copyOf(configSummary);
        String label = config.nodeName().orElse("agent");
        this.events = cluster.subscribe(new EventLog(label));
        Subscription subscribed = events;
        JoinWatch watch = null;
        Handlers started = null;
        Consensus consensusModule = null;
        try {
            cluster.start();
            // Before joining, so no query or event reaching a new member finds its handlers missing.
            started = startHandlers(cluster, handlerSettings);
            this.handlers = started;
            // Before joining too, so the voter tag goes out with the first gossip.
            if (consensusSettings.enabled()) {
                consensusModule = Consensus.start(cluster, consensusSettings.toConfig());
            }
            this.consensus = consensusModule;
            this.consensusApi = consensusModule == null ? null : new ConsensusHttpApi(consensusModule);
            watch = JoinWatch.start(cluster, config);
            this.joinWatch = watch;
            // Last, so every field the API's callbacks into this object read is already set.
            this.api = ApiServer.start(http, cluster, this, config.limits().maxValueBytes(),
                    config.limits().maxEventPayloadBytes(), Optional.ofNullable(consensusApi));
        } catch (RuntimeException e) {
            if (consensusModule != null) {
                consensusModule.close();
            }
            if (watch != null) {
                watch.close();
            }
            if (started != null) {
                started.close();
            }
            subscribed.close();
            cluster.close();
            throw e;
        }
    }

    /**
     * Creates and starts the node, starts joining its seeds (in the background) and serves the HTTP API.
     * Logs one line containing {@code PekoNode agent started} when ready.
     *
     * @throws RuntimeException when the node or the HTTP API cannot start; nothing is left running
     */
    public static AgentNode start(ClusterConfig config, NodeAddress http, ClusterFactory factory) {
        return start(config, http, factory, HandlerSettings.none());
    }

    /** As {@link #start(ClusterConfig, NodeAddress, ClusterFactory)}, also running handler commands. */
    public static AgentNode start(ClusterConfig config, NodeAddress http, ClusterFactory factory,
                                  HandlerSettings handlers) {
        return start(config, HttpSettings.plain(http), factory, handlers, Map.of(), ConsensusSettings.OFF);
    }

    /** As {@link #start(ClusterConfig, NodeAddress, ClusterFactory, HandlerSettings)}, with the consensus module. */
    public static AgentNode start(ClusterConfig config, NodeAddress http, ClusterFactory factory,
                                  HandlerSettings handlers, ConsensusSettings consensus) {
        return start(config, HttpSettings.plain(http), factory, handlers, Map.of(), consensus);
    }

    /**
     * As {@link #start(ClusterConfig, NodeAddress, ClusterFactory)} with every HTTP setting (tokens,
     * TLS, the operations listener, bounds), handler commands, the settings {@code GET /v1/info} shows,
     * and the consensus module.
     */
    public static AgentNode start(ClusterConfig config, HttpSettings http, ClusterFactory factory,
                                  HandlerSettings handlers, Map<String, Object> configSummary,
                                  ConsensusSettings consensus) {
        // Engine threads started below inherit this context (see Logs), so their lines carry the name.
        ThreadContext.put(Logs.NODE_KEY, config.nodeName().orElse("agent"));
        AgentNode node = new AgentNode(config, factory.create(config), http, handlers, configSummary, consensus);
        node.logStarted();
        return node;
    }

    private static Handlers startHandlers(Cluster cluster, HandlerSettings settings) {
        if (!settings.any()) {
            return null;
        }
        return Handlers.start(cluster, settings.eventHandlers(), settings.queryHandlers(), settings.membershipHandlers(),
                new CommandRunner(settings.timeout(), settings.maxOutputBytes()), settings.concurrency(),
                settings.queueCapacity());
    }

    /**
     * Applies what can change while the agent runs (SIGHUP): this node's tags (gossiped when they
     * differ), the log level, and the handler commands (the old ones finish what they run; new events
     * go to the new ones). Returns one line per change made.
     *
     * @throws IllegalArgumentException for an unknown log level or invalid handlers; nothing is changed then
     */
    public synchronized List<String> reload(Map<String, String> tags, String logLevel, HandlerSettings newHandlers) {
        org.apache.logging.log4j.Level level = Logs.parseLevel(logLevel);
        Handlers.checkQueryHandlers(newHandlers.queryHandlers());
        List<String> changes = new java.util.ArrayList<>();
        if (!tags.equals(cluster.localMember().tags())) {
            cluster.updateTags(tags);
            changes.add("tags: " + tags);
        }
        if (!level.equals(org.apache.logging.log4j.LogManager.getRootLogger().getLevel())) {
            Logs.setLevel(logLevel);
            changes.add("log level: " + level);
        }
        if (!newHandlers.equals(handlerSettings)) {
            Handlers previous = handlers;
            if (previous != null) {
                previous.close(); // unregisters its query handlers before the new ones register
                retiredHandlers = retiredHandlers.plus(previous.stats());
            }
            handlers = startHandlers(cluster, newHandlers);
            handlerSettings = newHandlers;
            changes.add("handlers: " + newHandlers.eventHandlers().size() + " user-event, "
                    + newHandlers.queryHandlers().size() + " query, " + newHandlers.membershipHandlers().size()
                    + " membership");
        }
        return changes;
    }

    @Override
    public boolean shuttingDown() {
        return closing.get() || leaving.get();
    }

    @Override
    public Map<String, Object> configSummary() {
        return configSummary;
    }

    @Override
    public Map<String, Number> queues() {
        Handlers h = handlers;
        return h == null ? Map.of() : Map.of("handlers", h.queued());
    }

    @Override
    public List<String> overloaded() {
        Handlers h = handlers;
        return h != null && h.full() ? List.of("handlers") : List.of();
    }

    private void logStarted() {
        Member self = LocalMember.await(cluster, STARTUP_TIMEOUT);
        LOG.info("PekoNode agent started: id={} name={} bind={} advertise={} http={}://{}{} transport={} seeds={}{}",
                self.id(), self.name(), config.bind(), self.address(), api.tls() ? "https" : "http", api.address(),
                api.opsAddress().map(a -> " ops=http://" + a).orElse(""), config.transport(),
                joinWatch.seeds().isEmpty() ? "none" : joinWatch.seeds(), config.lifecycle().bootstrap() ? " (bootstrap)" : "");
    }

    public Cluster cluster() {
        return cluster;
    }

    /** The consensus module, when the agent runs it. */
    public Optional<Consensus> consensus() {
        return Optional.ofNullable(consensus);
    }

    /** Where the HTTP API listens (with the real port when 0 was configured). */
    public NodeAddress httpAddress() {
        return api.address();
    }

    /** Counters of handler commands (of the current set, after a reload); all zero when none is configured. */
    public HandlerStats handlerStats() {
        Handlers h = handlers;
        return h == null ? HandlerStats.ZERO : h.stats();
    }

    @Override
    public Map<String, Long> handlerCommands() {
        return retiredHandlers.plus(handlerStats()).byOutcome();
    }

    /** Where metrics and health are served without authentication, when {@code --ops-http} is set. */
    public java.util.Optional<NodeAddress> opsAddress() {
        return api.opsAddress();
    }

    @Override
    public boolean joined() {
        return joinWatch.joined();
    }

    @Override
    public List<String> seeds() {
        return joinWatch.seeds();
    }

    @Override
    public void shutdown() {
        // Not on the caller's thread: an HTTP handler must not stop the server it runs on.
        Thread closer = new Thread(this::close, "pekonode-shutdown");
        closer.start();
    }

    @Override
    public CompletableFuture<Void> leave() {
        if (leaving.compareAndSet(false, true)) {
            if (cluster.liveMembers().size() > 1) {
                LOG.info("leaving the cluster (waiting up to {} s for the news to spread)", LEAVE_TIMEOUT.toSeconds());
                leave = cluster.leave(LEAVE_TIMEOUT);
            } else {
                // Nobody to tell: waiting for the rumor to spread would only run into the timeout.
                LOG.info("leaving: no other live member to tell");
                leave = cluster.leave(ALONE_LEAVE_TIMEOUT);
            }
        }
        return leave;
    }

    /** Blocks until the agent has shut down. */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    /** Waits up to {@code timeout} for the agent to shut down; true if it has. */
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Leaves gracefully (bounded wait), stops the HTTP API and closes the node. Safe to call twice. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            LOG.info("PekoNode agent stopping");
            try {
                leave().get(LEAVE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("leave did not complete cleanly ({}); closing anyway", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            api.close();
            if (consensus != null) {
                consensusApi.releaseAll();
                consensus.close();
            }
            Handlers h = handlers;
            if (h != null) {
                h.close();
            }
            joinWatch.close();
            events.close();
            cluster.close();
            LOG.info("PekoNode agent stopped");
        } finally {
            closed.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.pekonode.engine;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.pekonode.api.Cluster;
import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.NodeClosedException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.engine.discovery.DiscoverySource;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.core.membership.Membership;
import io.pekonode.engine.frame.SealedFrames;
import io.pekonode.engine.runtime.messaging.MessageNames;
import io.pekonode.engine.runtime.messaging.HandlerRegistry;
import io.pekonode.engine.runtime.messaging.QueryTimeouts;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.NodeMeterBinder;
import io.pekonode.engine.persistence.FileStateStore;
import io.pekonode.engine.persistence.StateStore;
import io.pekonode.engine.plugin.PluginKind;
import io.pekonode.engine.plugin.PluginLocator;
import io.pekonode.engine.runtime.PluginSettings;
import io.pekonode.engine.runtime.EventDispatcher;
import io.pekonode.engine.runtime.Futures;
import io.pekonode.engine.runtime.NodeIds;
import io.pekonode.engine.runtime.NodeRuntime;
import io.pekonode.engine.runtime.NodeSetup;
import io.pekonode.engine.runtime.ViewSnapshot;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A cluster node: the engine's implementation of {@link Cluster}.
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.lan().bind(NodeAddress.parse("0.0.0.0:7946"))
 *         .seed(NodeAddress.parse("10.0.0.1:7946")).build();
 * try (PekoNode node = PekoNode.create(config)) {
 *     node.meterBinder().bindTo(registry);          // optional
 *     node.subscribe(event -> log.info("{}", event));
 *     node.start();
 *     node.join(List.of()).get(30, SECONDS);         // configured seeds; completes when one answered
 *     node.publish("leader", "node-a".getBytes(UTF_8));
 *     node.members();                               // never blocks: the latest published view
 * }
 * }</pre>
 *
 * <p>Life cycle: {@link #create} selects the transport and codec plugins (failing at once with a
 * message listing what was found when a name is missing or ambiguous) and fixes the node id;
 * {@link #start()} binds and starts the event loop; {@link #close()} leaves briefly and releases
 * everything. Reads return the state as of the loop's last batch; writes and commands run on the
 * loop and wait for it (up to the config's {@code lifecycle().commandTimeout()}, then they throw
 * {@link io.pekonode.api.NodeTimeoutException}). Listeners run on the node's dispatch
 * thread or the given executor, never on the loop.
 *
 * <p>Threading: one event-loop thread ({@code pekonode-loop-<name>}) per node, one event-dispatch
 * thread ({@code pekonode-events-<name>}) once a listener without an executor subscribes, plus the
 * transport's own. All are daemon threads, so an application that forgets {@link #close()} can still
 * exit; close is what releases them and the sockets. A write returns after the node's own view shows
 * it ({@code publish} then {@code read} on the same node sees the value). Futures returned by
 * {@link #join}, {@link #leave}, {@link #send}, {@link #request} and {@link #query} complete on a
 * shared pool of reused {@code pekonode-callback-<n>} threads, never on the loop. Message handlers run on a small bounded pool
 * ({@code pekonode-handler-<k>-<name>}, sized by the config's {@code messaging()} group), never on the loop either.
 *
 * <p>This class only holds the life cycle and delegates: plugin selection is in
 * {@code io.pekonode.engine.plugin}, the loop and I/O in {@code io.pekonode.engine.runtime}.
 */
public final class PekoNode implements Cluster {

    private final NodeSetup setup;
    private final Duration commandTimeout;
    private final Duration closeLeaveTimeout;
    /** Longest name or topic the peers' decoders accept (they are configured like this node). */
    private final int maxNameLength;
    private volatile NodeRuntime runtime;
    private volatile boolean paused;
    private volatile boolean closed;

    PekoNode(NodeSetup setup) {
        this.setup = setup;
        this.commandTimeout = setup.config().lifecycle().commandTimeout();
        this.closeLeaveTimeout = setup.config().lifecycle().closeLeaveTimeout();
        this.maxNameLength = PluginSettings.decodeLimits(setup.config()).maxStringLength();
    }

    /**
     * A node with plugins discovered on the module path (or class path).
     *
     * @throws io.pekonode.api.spi.PluginNotFoundException when the configured transport or codec is missing
     * @throws io.pekonode.api.spi.DuplicatePluginException when it is provided twice
     */
    public static PekoNode create(ClusterConfig config) {
        return builder(config).build();
    }

    /** For what is not a setting: explicit plugin instances, a module layer, a data directory, wire security. */
    public static Builder builder(ClusterConfig config) {
        return new Builder(config);
    }

    /** The node id: kept in the data directory, else from the config, else random at creation. Stable for the life of this object. */
    public String id() {
        return setup.nodeId();
    }

    /** The node name: from the config, or the id. */
    public String name() {
        return setup.nodeName();
    }

    public ClusterConfig config() {
        return setup.config();
    }

    /**
     * The address peers use to reach this node (see {@code AdvertiseAddress} for how it is chosen).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public NodeAddress advertiseAddress() {
        return started().advertise();
    }

    /** Meters of this node, to bind to the application's registry; counting happens with or without it. */
    public MeterBinder meterBinder() {
        return new NodeMeterBinder(setup.metrics(), setup.nodeName(), () -> {
            NodeRuntime r = runtime;
            return r == null ? 0 : r.pendingInbound();
        });
    }

    /**
     * The node's wire security, to rotate keys ({@code install}, {@code use}, {@code remove}) and flip
     * the transition switches while it runs; empty for a node built without a keyring (it sends and
     * accepts checksummed plaintext for life).
     */
    public Optional<WireSecurity> security() {
        return setup.frames() instanceof SealedFrames sealed ? Optional.of(sealed.security()) : Optional.empty();
    }

    /** The raw counters behind {@link #meterBinder()}, for the engine's own tests. */
    EngineMetrics metrics() {
        return setup.metrics();
    }

    @Override
    public synchronized PekoNode start() {
        if (closed) {
            throw new NodeClosedException("node " + name() + " is closed; create a new one");
        }
        if (runtime == null) {
            runtime = NodeRuntime.start(setup);
        }
        return this;
    }

    @Override
    public CompletableFuture<Integer> join(List<NodeAddress> seeds) {
        NodeRuntime r = runtime;
        if (r == null || closed) {
            return CompletableFuture.failedFuture(notRunning());
        }
        LinkedHashSet<NodeAddress> all = new LinkedHashSet<>(seeds);
        all.addAll(config().seeds());
        // With a data directory: the members known before the restart, so a node whose seeds are gone rejoins.
        all.addAll(r.persistedPeers());
        List<NodeAddress> targets = List.copyOf(all);
        // The core only reports "some seed answered", so the count is 1 once joined (0 without seeds).
        // With discovery sources, their first answer is in the core before the join starts.
        return Futures.offLoop(r.firstDiscoveryAnswer().thenCompose(found -> r.submit((core, now) -> {
            core.join(now, targets);
            return !core.seeds().isEmpty();
        })).thenCompose(hasSeeds -> r.when(core -> core.joined()).thenApply(v -> hasSeeds ? 1 : 0)));
    }

    /**
     * What each configured discovery source ({@link ClusterConfig#discovery()}) found last, when, and
     * its current failure if any; empty without sources or before {@link #start()}.
     */
    public List<DiscoveryStatus> discoveryStatus() {
        NodeRuntime r = runtime;
        return r == null ? List.of() : r.discoveryStatus();
    }

    @Override
    public Member localMember() {
        Member local = started().view().local();
        if (local == null) {
            throw new IllegalStateException("node " + name() + " is starting");
        }
        return local;
    }

    @Override
    public List<Member> members() {
        return view().members();
    }

    @Override
    public List<Member> liveMembers() {
        return view().liveMembers();
    }

    @Override
    public Optional<Member> member(String id) {
        return Optional.ofNullable(view().byId().get(id));
    }

    @Override
    public void updateTags(Map<String, String> tags) {
        Map<String, String> copy = Map.copyOf(tags);
        started().call((core, now) -> {
            core.updateTags(now, copy);
            return null;
        }, commandTimeout);
    }

    @Override
    public HlcTimestamp publish(String key, byte[] value) {
        Objects.requireNonNull(key, "key");
        byte[] copy = Objects.requireNonNull(value, "value").clone();
        return started().call((core, now) -> core.publish(now, key, copy), commandTimeout);
    }

    @Override
    public HlcTimestamp remove(String key) {
        Objects.requireNonNull(key, "key");
        return started().call((core, now) -> core.remove(now, key), commandTimeout);
    }

    @Override
    public Optional<byte[]> read(String key) {
        return view().read(key);
    }

    @Override
    public Map<String, byte[]> snapshot() {
        return view().copyOfMetadata();
    }

    @Override
    public Subscription subscribe(ClusterListener listener, Executor executor) {
        return setup.dispatcher().subscribe(listener, Objects.requireNonNull(executor, "executor"));
    }

    @Override
    public Subscription subscribe(ClusterListener listener) {
        return setup.dispatcher().subscribe(listener, null);
    }

    @Override
    public long broadcast(String name, byte[] payload, boolean coalesce) {
        MessageNames.check("event name", name, maxNameLength);
        byte[] copy = Objects.requireNonNull(payload, "payload").clone();
        return started().call((core, now) -> core.broadcastEvent(now, name, copy, coalesce), commandTimeout);
    }

    @Override
    public CompletableFuture<Void> send(String memberId, String topic, byte[] payload, Delivery delivery) {
        MessageNames.check("topic", topic, maxNameLength);
        return Futures.offLoop(started().messaging().direct().send(memberId, topic, payload, delivery));
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
        MessageNames.check("topic", topic, maxNameLength);
        return Futures.offLoop(started().messaging().direct().request(memberId, topic, payload, timeout));
    }

    /** {@inheritDoc} Handlers may be registered before {@link #start()}; they run on the handler threads. */
    @Override
    public Subscription handle(String topic, MessageHandler handler) {
        MessageNames.check("topic", topic, maxNameLength);
        return setup.handlers().register(topic, handler);
    }

    /** {@inheritDoc} May be registered before {@link #start()}. */
    @Override
    public Subscription handleInline(String topic, MessageHandler handler) {
        MessageNames.check("topic", topic, maxNameLength);
        return setup.handlers().register(topic, handler, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Without a timeout in {@code options}, the query collects for {@link QueryTimeouts#byDefault}
     * (gossip interval x 16 x ceil(log10(live members + 1)), as Serf). This call waits for the event
     * loop to start the query (like {@link #publish}); answers never block it.
     */
    @Override
    public CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        MessageNames.check("query name", name, maxNameLength);
        Objects.requireNonNull(options, "options");
        MessageNames.checkAll("query tag filter", options.tagFilter(), maxNameLength);
        MessageNames.checkAll("query node id", options.nodeIds(), maxNameLength);
        byte[] copy = Objects.requireNonNull(payload, "payload").clone();
        NodeRuntime r = started();
        Duration timeout = options.timeout()
                .orElseGet(() -> QueryTimeouts.byDefault(config().gossip().interval(), r.view().liveMembers().size()));
        long millis = Math.max(1, timeout.toMillis());
        CompletableFuture<QueryResult> result = r.call((core, now) -> {
            long id = core.startQuery(now, name, copy, options.tagFilter(), options.nodeIds(), millis, options.requestAck());
            return r.messaging().openQuery(id, name, now + millis, options.onResponse(), options.onAck());
        }, commandTimeout);
        return Futures.offLoop(result);
    }

    /**
     * Serf's {@code force-leave}: marks the failed member {@code memberId} left, which spreads to every
     * node (they stop counting it as a failure that may come back, and report it left); with
     * {@code prune} this node also forgets it at once instead of after the dead-member retention (a
     * {@code MemberReaped} event). A member that is not dead (or, with {@code prune}, left) is refused:
     * a live one would refute the claim anyway.
     *
     * @return true when the member was marked left or pruned
     * @throws IllegalArgumentException when no member has that id, or it is this node
     * @throws IllegalStateException    when the member is alive or suspect
     */
    public boolean forceLeave(String memberId, boolean prune) {
        Objects.requireNonNull(memberId, "memberId");
        Membership.ForceLeaveResult result = started().call((core, now) -> core.forceLeave(now, memberId, prune),
                commandTimeout);
        return switch (result) {
            case LEFT, PRUNED -> true;
            case NOT_FOUND -> throw new IllegalArgumentException("no other member has id " + memberId);
            case NOT_FAILED -> throw new IllegalStateException("member " + memberId
                    + " is not failed; force-leave only takes out dead members (a live one would refute it)");
        };
    }

    @Override
    public void stop() {
        started().call((core, now) -> {
            core.pause(now);
            return null;
        }, commandTimeout);
        paused = true;
    }

    @Override
    public void resume() {
        started().call((core, now) -> {
            core.resume(now);
            return null;
        }, commandTimeout);
        paused = false;
    }

    @Override
    public boolean isRunning() {
        NodeRuntime r = runtime;
        return r != null && !closed && !paused && r.loopAlive();
    }

    @Override
    public CompletableFuture<Void> leave(Duration timeout) {
        NodeRuntime r = runtime;
        if (r == null || closed) {
            return CompletableFuture.failedFuture(notRunning());
        }
        return Futures.offLoop(r.leave(timeout));
    }

    @Override
    public void close() {
        NodeRuntime r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = runtime;
        }
        try {
            if (r != null) {
                r.close(paused ? Duration.ZERO : closeLeaveTimeout);
            } else {
                setup.discovery().forEach(source -> source.discovery().close()); // created, never started
            }
        } finally {
            setup.dispatcher().close();
            setup.stateStore().close(); // after the final save: frees the data directory lock
        }
    }

    private ViewSnapshot view() {
        NodeRuntime r = runtime;
        return r == null ? ViewSnapshot.empty() : r.view();
    }

    private NodeRuntime started() {
        NodeRuntime r = runtime;
        if (r == null) {
            throw new IllegalStateException("node " + name() + " is not started; call start() first");
        }
        if (closed) {
            throw new NodeClosedException("node " + name() + " is closed");
        }
        return r;
    }

    /** Why {@link #join} or {@link #leave} cannot run: a {@link NodeClosedException} once closed. */
    private IllegalStateException notRunning() {
        String message = "node " + name() + " is not running";
        return closed ? new NodeClosedException(message) : new IllegalStateException(message);
    }

    @Override
    public String toString() {
        return "PekoNode[" + name() + (runtime == null ? ", not started" : ", " + runtime.advertise()) + "]";
    }

    /**
     * What a node is built with beyond its {@link ClusterConfig}: objects and resources rather than
     * settings (plugin instances, where to look for plugins, a data directory, wire security). Every
     * plain setting is in the config.
     */
    public static final class Builder {
        private final ClusterConfig config;
        private final List<TransportProvider> transports = new ArrayList<>();
        private final List<CodecProvider> codecs = new ArrayList<>();
        private final List<DiscoveryProvider> discoveryProviders = new ArrayList<>();
        private ModuleLayer layer;
        private ClassLoader classLoader = PekoNode.class.getClassLoader();
        private Path dataDirectory;
        private WireSecurity security;

        private Builder(ClusterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * A transport provider to use instead of discovery, e.g. the test kit's {@code InMemoryNetwork.provider()}
         * in tests. It is used when its name is the config's transport name, and then shadows any
         * discovered provider of that name (a deliberate choice, not a "first one wins").
         */
        public Builder transportProvider(TransportProvider provider) {
            transports.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** A codec provider to use instead of discovery; same rules as {@link #transportProvider}. */
        public Builder codecProvider(CodecProvider provider) {
            codecs.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** A discovery provider to use for its scheme instead of discovery; same rules as {@link #transportProvider}. */
        public Builder discoveryProvider(DiscoveryProvider provider) {
            discoveryProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /** Also discover plugins in this layer (and its parents), e.g. plugins loaded at run time. */
        public Builder moduleLayer(ModuleLayer moduleLayer) {
            this.layer = Objects.requireNonNull(moduleLayer, "moduleLayer");
            return this;
        }

        /** The class loader whose class path and modules are searched; the engine's own by default. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * Keeps the node's id and state in {@code directory} (created if missing): the id is made
         * once and kept, members, metadata and incarnation are saved at most every
         * {@code persistence().stateSaveInterval()} of the config and at close, and restored at the
         * next start, where {@link PekoNode#join} also contacts the remembered members. One node per
         * directory.
         * Without it (the default) every node is new.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Seals every frame with AES-GCM under the keyring's primary key and accepts only frames sealed
         * with one of its keys: {@code security(WireSecurity.of(keyring))}.
         */
        public Builder keyring(Keyring keyring) {
            return security(WireSecurity.of(keyring));
        }

        /**
         * Wire security with a cluster label or the transition switches off (see {@link WireSecurity});
         * reachable later through {@link PekoNode#security()}. Without it frames are checksummed plaintext.
         */
        public Builder security(WireSecurity wireSecurity) {
            this.security = Objects.requireNonNull(wireSecurity, "wireSecurity");
            return this;
        }

        /**
         * Selects the plugins and fixes the node's identity; binds nothing yet.
         *
         * @throws io.pekonode.api.spi.PluginException when a plugin (transport, codec, discovery scheme) is missing or ambiguous (the message
         *                               lists what was found and what failed to load)
         * @throws IllegalStateException when the data directory belongs to another node id than the
         *                               configured one
         * @throws java.io.UncheckedIOException when the data directory cannot be created or read
         */
        public PekoNode build() {
            PluginLocator locator = layer == null ? PluginLocator.of(null, classLoader) : PluginLocator.of(layer, classLoader);
            TransportProvider transport = locator.select(PluginKind.TRANSPORT, config.transport(), transports);
            CodecProvider codec = locator.select(PluginKind.CODEC, config.codec(), codecs);
            // Addresses a source finds without a port get the node's own gossip port.
            int ownPort = config.advertise().map(NodeAddress::port).orElse(config.bind().port());
            List<DiscoverySource> discovery = DiscoverySource.createAll(config.discovery(), ownPort, locator,
                    discoveryProviders);
            // Identity: kept in the data directory (which must agree with a configured one), else configured, else new.
            StateStore store;
            String id;
            if (dataDirectory != null) {
                FileStateStore files;
                try {
                    files = FileStateStore.open(dataDirectory, config.nodeId(), config.persistence().stateSaveInterval());
                } catch (RuntimeException e) {
                    discovery.forEach(source -> source.discovery().close());
                    throw e;
                }
                store = files;
                id = files.nodeId();
            } else {
                store = StateStore.none();
                id = config.nodeId().orElseGet(NodeIds::random);
            }
            String name = config.nodeName().orElse(id);
            EngineMetrics metrics = new EngineMetrics();
            NodeSetup setup = new NodeSetup(config, id, name, transport, codec,
                    SealedFrames.forNode(Optional.ofNullable(security)), store, metrics,
                    new EventDispatcher(name, config.limits().eventQueueCapacity(), metrics), new HandlerRegistry(), discovery);
            return new PekoNode(setup);
        }
    }
}

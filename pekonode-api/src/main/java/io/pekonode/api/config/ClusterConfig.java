package io.pekonode.api.config;

import io.pekonode.api.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Immutable configuration of one node: who it is and where it listens, which plugins it uses, and
 * its settings in named groups. Start from a preset ({@link #lan()}, {@link #local()},
 * {@link #wan()}), change what you need on the {@link Builder}, then {@link Builder#build()}:
 *
 * <pre>{@code
 * ClusterConfig config = ClusterConfig.lan()
 *         .nodeName("web-1")
 *         .bind(NodeAddress.parse("0.0.0.0:7946"))
 *         .seed(NodeAddress.parse("10.0.0.1:7946"))
 *         .failureDetection(fd -> fd.probeInterval(Duration.ofMillis(500)))
 *         .build();
 * config.failureDetection().probeInterval();   // 500 ms
 * }</pre>
 *
 * <p>The groups, each an immutable record with its defaults and each setting's trade-off in its
 * builder's Javadoc:
 * <ul>
 *   <li>{@link FailureDetectionConfig failureDetection}: probes, suspicion and Lifeguard;</li>
 *   <li>{@link GossipConfig gossip}: how rumors spread;</li>
 *   <li>{@link AntiEntropyConfig antiEntropy}: full-state exchanges and how long removals are remembered;</li>
 *   <li>{@link NetworkConfig network}: packet and frame sizes, timeouts and connections of the transport;</li>
 *   <li>{@link LimitsConfig limits}: bounds on sizes, queues and inbound rate;</li>
 *   <li>{@link MessagingConfig messaging}: the handler pool and event coalescing;</li>
 *   <li>{@link LifecycleConfig lifecycle}: joining, waiting for the event loop, leaving;</li>
 *   <li>{@link PersistenceConfig persistence}: saving state to a data directory.</li>
 * </ul>
 * Every duration is a {@link Duration java.time.Duration}; nothing uses a number as "unset" or "off".
 * {@link Builder#build()} checks the settings against each other across groups.
 */
public final class ClusterConfig {

    /** Bytes a reliable frame needs beside a key or topic of up to {@code 4 x maxKeyLength} UTF-8 bytes. */
    private static final long FRAME_HEADER_BYTES = 1024;
    private static final int MAX_UTF8_BYTES_PER_CHAR = 4;

    private final String nodeId;
    private final String nodeName;
    private final Map<String, String> tags;
    private final NodeAddress bind;
    private final NodeAddress advertise;
    private final List<NodeAddress> seeds;
    private final List<String> discovery;
    private final String transport;
    private final String codec;
    private final FailureDetectionConfig failureDetection;
    private final GossipConfig gossip;
    private final AntiEntropyConfig antiEntropy;
    private final NetworkConfig network;
    private final LimitsConfig limits;
    private final MessagingConfig messaging;
    private final LifecycleConfig lifecycle;
    private final PersistenceConfig persistence;

    private ClusterConfig(Builder b) {
        this.nodeId = b.nodeId;
        this.nodeName = b.nodeName;
        this.tags = Map.copyOf(b.tags);
        this.bind = Objects.requireNonNull(b.bind, "bind");
        this.advertise = b.advertise;
        this.seeds = List.copyOf(b.seeds);
        this.discovery = List.copyOf(b.discovery);
        this.transport = requireName(b.transport, "transport");
        this.codec = requireName(b.codec, "codec");
        this.failureDetection = b.failureDetection.build();
        this.gossip = b.gossip.build();
        this.antiEntropy = b.antiEntropy.build();
        this.network = b.network.build();
        this.limits = b.limits.build(network.maxFrameSize());
        this.messaging = b.messaging.build();
        this.lifecycle = b.lifecycle.build();
        this.persistence = b.persistence.build();
        int frame = network.maxFrameSize();
        long overhead = frameOverhead(limits.maxKeyLength());
        // A text codec may carry payloads as base64 (4 bytes per 3), so leave that much room.
        if (limits.maxMessageBytes() * 4L / 3 + overhead > frame) {
            throw new IllegalArgumentException("maxMessageBytes (" + limits.maxMessageBytes() + ") must fit in a reliable frame ("
                    + frame + " bytes) once base64-encoded, with room for its topic and header");
        }
        if (limits.maxValueBytes() + overhead > frame) {
            throw new IllegalArgumentException("maxValueBytes (" + limits.maxValueBytes() + ") must fit in a reliable frame ("
                    + frame + " bytes) with room for its key and header");
        }
    }

    /** Room a reliable frame needs beside a value or payload: its key or topic and the header. */
    static long frameOverhead(int maxKeyLength) {
        return (long) maxKeyLength * MAX_UTF8_BYTES_PER_CHAR + FRAME_HEADER_BYTES;
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        return name;
    }

    /**
     * memberlist's LAN profile, and every group's defaults: probe every 1 s with a 500 ms timeout and
     * 3 indirect probes, gossip every 200 ms to 3 members, push-pull every 30 s, 1400-byte packets.
     * For hosts in one data center.
     */
    public static Builder lan() {
        return new Builder();
    }

    /**
     * For nodes on one host or a very fast network (tests, demos): tighter timeouts, faster gossip,
     * quicker failure detection; too aggressive for a loaded or remote network.
     */
    public static Builder local() {
        return new Builder()
                .failureDetection(fd -> fd.probeTimeout(Duration.ofMillis(200)).indirectChecks(1).suspicionMultiplier(3))
                .gossip(g -> g.interval(Duration.ofMillis(100)).retransmitMultiplier(2))
                .antiEntropy(a -> a.pushPullInterval(Duration.ofSeconds(15)))
                .network(n -> n.connectTimeout(Duration.ofSeconds(1)).ioTimeout(Duration.ofSeconds(5)));
    }

    /** For nodes across data centers: slower probes and longer suspicion, fewer false failures. */
    public static Builder wan() {
        return new Builder()
                .failureDetection(fd -> fd.probeInterval(Duration.ofSeconds(5)).probeTimeout(Duration.ofSeconds(3))
                        .suspicionMultiplier(6))
                .gossip(g -> g.interval(Duration.ofMillis(500)).fanout(4).toDeadTime(Duration.ofSeconds(60)))
                .antiEntropy(a -> a.pushPullInterval(Duration.ofSeconds(60)))
                .network(n -> n.connectTimeout(Duration.ofSeconds(10)).ioTimeout(Duration.ofSeconds(30)));
    }

    /** A preset by name: {@code lan}, {@code local} or {@code wan}. */
    public static Builder profile(String name) {
        return switch (name) {
            case "lan" -> lan();
            case "local" -> local();
            case "wan" -> wan();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "', expected lan, local or wan");
        };
    }

    /** A builder holding these settings, to derive a changed configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The configured node id; empty means the engine generates (or, with persistence, loads) one. */
    public Optional<String> nodeId() {
        return Optional.ofNullable(nodeId);
    }

    /** The configured name; empty means the engine uses the node id. */
    public Optional<String> nodeName() {
        return Optional.ofNullable(nodeName);
    }

    public Map<String, String> tags() {
        return tags;
    }

    public NodeAddress bind() {
        return bind;
    }

    /** The address other nodes should use; empty means the bound address (with 0.0.0.0 replaced by a local IP). */
    public Optional<NodeAddress> advertise() {
        return Optional.ofNullable(advertise);
    }

    public List<NodeAddress> seeds() {
        return seeds;
    }

    /** Seed discovery sources (URIs whose scheme names a discovery plugin); empty by default. */
    public List<String> discovery() {
        return discovery;
    }

    /** The transport plugin's name. */
    public String transport() {
        return transport;
    }

    /** The codec plugin's name. */
    public String codec() {
        return codec;
    }

    public FailureDetectionConfig failureDetection() {
        return failureDetection;
    }

    public GossipConfig gossip() {
        return gossip;
    }

    public AntiEntropyConfig antiEntropy() {
        return antiEntropy;
    }

    public NetworkConfig network() {
        return network;
    }

    public LimitsConfig limits() {
        return limits;
    }

    public MessagingConfig messaging() {
        return messaging;
    }

    public LifecycleConfig lifecycle() {
        return lifecycle;
    }

    public PersistenceConfig persistence() {
        return persistence;
    }

    @Override
    public String toString() {
        return "ClusterConfig[nodeId=" + nodeId + ", nodeName=" + nodeName + ", tags=" + tags + ", bind=" + bind
                + ", advertise=" + advertise + ", seeds=" + seeds + ", discovery=" + discovery + ", transport=" + transport + ", codec=" + codec
                + ", " + failureDetection + ", " + gossip + ", " + antiEntropy + ", " + network + ", " + limits
                + ", " + messaging + ", " + lifecycle + ", " + persistence + "]";
    }

    /**
     * Mutable builder; starts from the {@link #lan()} profile. Identity, addresses and plugins are
     * set directly; each group is changed in place with a lambda ({@code .gossip(g -> g.fanout(4))})
     * or replaced whole ({@code .gossip(myGossipConfig)}).
     */
    public static final class Builder {
        private String nodeId;
        private String nodeName;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private NodeAddress bind = new NodeAddress("0.0.0.0", 7946);
        private NodeAddress advertise;
        private final List<NodeAddress> seeds = new ArrayList<>();
        private final List<String> discovery = new ArrayList<>();
        private String transport = "udp";
        private String codec = "json";
        private FailureDetectionConfig.Builder failureDetection = FailureDetectionConfig.builder();
        private GossipConfig.Builder gossip = GossipConfig.builder();
        private AntiEntropyConfig.Builder antiEntropy = AntiEntropyConfig.builder();
        private NetworkConfig.Builder network = NetworkConfig.builder();
        private LimitsConfig.Builder limits = LimitsConfig.builder();
        private MessagingConfig.Builder messaging = MessagingConfig.builder();
        private LifecycleConfig.Builder lifecycle = LifecycleConfig.builder();
        private PersistenceConfig.Builder persistence = PersistenceConfig.builder();

        private Builder() {
        }

        private Builder(ClusterConfig c) {
            nodeId = c.nodeId;
            nodeName = c.nodeName;
            tags.putAll(c.tags);
            bind = c.bind;
            advertise = c.advertise;
            seeds.addAll(c.seeds);
            discovery.addAll(c.discovery);
            transport = c.transport;
            codec = c.codec;
            failureDetection = c.failureDetection.toBuilder();
            gossip = c.gossip.toBuilder();
            antiEntropy = c.antiEntropy.toBuilder();
            network = c.network.toBuilder();
            limits = c.limits.toBuilder();
            messaging = c.messaging.toBuilder();
            lifecycle = c.lifecycle.toBuilder();
            persistence = c.persistence.toBuilder();
        }

        /** Fixes the node id. Unset, a random id is generated at creation (or kept in the data directory). */
        public Builder nodeId(String id) {
            this.nodeId = id;
            return this;
        }

        /** Human-readable name shown in member lists and logs; not an identity, need not be unique. */
        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        /**
         * Replaces the node's tags (Go's PrivateData). Keep them small: they ride in every membership
         * rumor about the node ({@link LimitsConfig#maxTagsBytes()}).
         */
        public Builder tags(Map<String, String> newTags) {
            tags.clear();
            tags.putAll(newTags);
            return this;
        }

        /** Adds or replaces one tag. */
        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** Local address to listen on (Go's ListenAddr and Port). Port 0 picks a free port. Default 0.0.0.0:7946. */
        public Builder bind(NodeAddress address) {
            this.bind = address;
            return this;
        }

        /**
         * Address other nodes use to reach this one, when it differs from {@link #bind} (NAT, Docker,
         * binding 0.0.0.0). A wrong value makes the node unreachable, so set it whenever in doubt.
         */
        public Builder advertise(NodeAddress address) {
            this.advertise = address;
            return this;
        }

        /** Nodes contacted to join (Go's {@code Set} before {@code Join}). Any one live member is enough. */
        public Builder seeds(List<NodeAddress> addresses) {
            seeds.clear();
            seeds.addAll(addresses);
            return this;
        }

        /** Adds one seed. */
        public Builder seed(NodeAddress address) {
            seeds.add(address);
            return this;
        }

        /**
         * Adds a seed discovery source, such as {@code dns:peko.internal}, {@code dns+srv:_pekonode._udp.peko.internal}
         * or {@code etcd://10.0.0.5:2379/pekonode}: its scheme selects a discovery plugin
         * ({@link io.pekonode.api.spi.discovery.DiscoveryProvider}), which finds seeds besides the
         * static {@link #seeds} and may register this node.
         */
        public Builder discover(String source) {
            Objects.requireNonNull(source, "source");
            if (source.isBlank()) {
                throw new IllegalArgumentException("discovery source must not be blank");
            }
            discovery.add(source.trim());
            return this;
        }

        /** Replaces the discovery sources (see {@link #discover}). */
        public Builder discovery(List<String> sources) {
            discovery.clear();
            sources.forEach(this::discover);
            return this;
        }

        /** Transport plugin by name ({@code udp} default, {@code tcp}); Go's Protocol. */
        public Builder transport(String name) {
            this.transport = name;
            return this;
        }

        /** Codec plugin by name ({@code json}, the default). */
        public Builder codec(String name) {
            this.codec = name;
            return this;
        }

        /** Changes failure-detection settings: {@code .failureDetection(fd -> fd.probeInterval(...))}. */
        public Builder failureDetection(Consumer<FailureDetectionConfig.Builder> change) {
            change.accept(failureDetection);
            return this;
        }

        /** Replaces every failure-detection setting. */
        public Builder failureDetection(FailureDetectionConfig settings) {
            this.failureDetection = settings.toBuilder();
            return this;
        }

        /** Changes gossip settings: {@code .gossip(g -> g.fanout(4))}. */
        public Builder gossip(Consumer<GossipConfig.Builder> change) {
            change.accept(gossip);
            return this;
        }

        /** Replaces every gossip setting. */
        public Builder gossip(GossipConfig settings) {
            this.gossip = settings.toBuilder();
            return this;
        }

        /** Changes anti-entropy settings: {@code .antiEntropy(a -> a.pushPullInterval(...))}. */
        public Builder antiEntropy(Consumer<AntiEntropyConfig.Builder> change) {
            change.accept(antiEntropy);
            return this;
        }

        /** Replaces every anti-entropy setting. */
        public Builder antiEntropy(AntiEntropyConfig settings) {
            this.antiEntropy = settings.toBuilder();
            return this;
        }

        /** Changes network settings: {@code .network(n -> n.maxPacketSize(1200))}. */
        public Builder network(Consumer<NetworkConfig.Builder> change) {
            change.accept(network);
            return this;
        }

        /** Replaces every network setting. */
        public Builder network(NetworkConfig settings) {
            this.network = settings.toBuilder();
            return this;
        }

        /** Changes limits: {@code .limits(l -> l.maxValueBytes(128 * 1024))}. */
        public Builder limits(Consumer<LimitsConfig.Builder> change) {
            change.accept(limits);
            return this;
        }

        /** Replaces every limit. */
        public Builder limits(LimitsConfig settings) {
            this.limits = settings.toBuilder();
            return this;
        }

        /** Changes messaging settings: {@code .messaging(m -> m.handlerThreads(8))}. */
        public Builder messaging(Consumer<MessagingConfig.Builder> change) {
            change.accept(messaging);
            return this;
        }

        /** Replaces every messaging setting. */
        public Builder messaging(MessagingConfig settings) {
            this.messaging = settings.toBuilder();
            return this;
        }

        /** Changes life-cycle settings: {@code .lifecycle(l -> l.bootstrap(false))}. */
        public Builder lifecycle(Consumer<LifecycleConfig.Builder> change) {
            change.accept(lifecycle);
            return this;
        }

        /** Replaces every life-cycle setting. */
        public Builder lifecycle(LifecycleConfig settings) {
            this.lifecycle = settings.toBuilder();
            return this;
        }

        /** Changes persistence settings: {@code .persistence(p -> p.stateSaveInterval(...))}. */
        public Builder persistence(Consumer<PersistenceConfig.Builder> change) {
            change.accept(persistence);
            return this;
        }

        /** Replaces every persistence setting. */
        public Builder persistence(PersistenceConfig settings) {
            this.persistence = settings.toBuilder();
            return this;
        }

        /**
         * @throws IllegalArgumentException for a setting out of range, or settings that contradict each
         *                                  other (a value or message larger than a reliable frame holds)
         */
        public ClusterConfig build() {
            return new ClusterConfig(this);
        }
    }
}

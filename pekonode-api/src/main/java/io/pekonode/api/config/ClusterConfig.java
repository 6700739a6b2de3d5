package io.pekonode.api.config;

import io.pekonode.api.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of one node. Start from a preset ({@link #lan()}, {@link #local()},
 * {@link #wan()}), change what you need on the {@link Builder}, then {@link Builder#build()}.
 * Every duration is a {@link Duration}; every setter documents its trade-off.
 */
public final class ClusterConfig {

    private final String nodeId;
    private final String nodeName;
    private final Map<String, String> tags;
    private final NodeAddress bind;
    private final NodeAddress advertise;
    private final List<NodeAddress> seeds;
    private final boolean bootstrap;
    private final String transport;
    private final String codec;
    private final int maxPacketSize;
    private final int maxFrameSize;
    private final Duration connectTimeout;
    private final Duration ioTimeout;
    private final Duration probeInterval;
    private final Duration probeTimeout;
    private final int indirectChecks;
    private final int suspicionMultiplier;
    private final int suspicionMaxTimeoutMultiplier;
    private final boolean lifeguard;
    private final int awarenessMaxMultiplier;
    private final Duration gossipInterval;
    private final int gossipFanout;
    private final int retransmitMultiplier;
    private final Duration pushPullInterval;
    private final Duration gossipToDeadTime;
    private final Duration deadMemberRetention;
    private final int maxKeyLength;
    private final int maxValueBytes;
    private final int maxTagsBytes;
    private final Duration metadataTombstoneRetention;
    private final Duration joinRetryInitial;
    private final Duration joinRetryMax;
    private final int inboundQueueCapacity;
    private final int eventQueueCapacity;
    private final int maxEventPayloadBytes;
    private final int maxMessageBytes;
    private final Duration eventCoalesceWindow;

    private ClusterConfig(Builder b) {
        this.nodeId = b.nodeId;
        this.nodeName = b.nodeName;
        this.tags = Map.copyOf(b.tags);
        this.bind = Objects.requireNonNull(b.bind, "bind");
        this.advertise = b.advertise;
        this.seeds = List.copyOf(b.seeds);
        this.bootstrap = b.bootstrap;
        this.transport = requireName(b.transport, "transport");
        this.codec = requireName(b.codec, "codec");
        this.maxPacketSize = b.maxPacketSize;
        this.maxFrameSize = b.maxFrameSize;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.ioTimeout = positive(b.ioTimeout, "ioTimeout");
        this.probeInterval = positive(b.probeInterval, "probeInterval");
        this.probeTimeout = positive(b.probeTimeout, "probeTimeout");
        this.indirectChecks = atLeast(b.indirectChecks, 0, "indirectChecks");
        this.suspicionMultiplier = atLeast(b.suspicionMultiplier, 1, "suspicionMultiplier");
        this.suspicionMaxTimeoutMultiplier = atLeast(b.suspicionMaxTimeoutMultiplier, 1, "suspicionMaxTimeoutMultiplier");
        this.lifeguard = b.lifeguard;
        this.awarenessMaxMultiplier = atLeast(b.awarenessMaxMultiplier, 1, "awarenessMaxMultiplier");
        this.gossipInterval = positive(b.gossipInterval, "gossipInterval");
        this.gossipFanout = atLeast(b.gossipFanout, 1, "gossipFanout");
        this.retransmitMultiplier = atLeast(b.retransmitMultiplier, 1, "retransmitMultiplier");
        this.pushPullInterval = positive(b.pushPullInterval, "pushPullInterval");
        this.gossipToDeadTime = Objects.requireNonNull(b.gossipToDeadTime, "gossipToDeadTime");
        this.deadMemberRetention = positive(b.deadMemberRetention, "deadMemberRetention");
        this.maxKeyLength = atLeast(b.maxKeyLength, 1, "maxKeyLength");
        this.maxValueBytes = atLeast(b.maxValueBytes, 0, "maxValueBytes");
        this.maxTagsBytes = atLeast(b.maxTagsBytes, 0, "maxTagsBytes");
        this.metadataTombstoneRetention = positive(b.metadataTombstoneRetention, "metadataTombstoneRetention");
        this.joinRetryInitial = positive(b.joinRetryInitial, "joinRetryInitial");
        this.joinRetryMax = positive(b.joinRetryMax, "joinRetryMax");
        this.inboundQueueCapacity = atLeast(b.inboundQueueCapacity, 1, "inboundQueueCapacity");
        this.eventQueueCapacity = atLeast(b.eventQueueCapacity, 1, "eventQueueCapacity");
        this.maxEventPayloadBytes = atLeast(b.maxEventPayloadBytes, 0, "maxEventPayloadBytes");
        // Unset: 4 MiB, or what a smaller frame leaves room for.
        this.maxMessageBytes = b.maxMessageBytes < 0
                ? (int) Math.max(0, Math.min(4L * 1024 * 1024, (maxFrameSize - maxKeyLength * 4L - 1024) * 3 / 4))
                : b.maxMessageBytes;
        this.eventCoalesceWindow = positive(b.eventCoalesceWindow, "eventCoalesceWindow");
        if (maxEventPayloadBytes > maxValueBytes) {
            throw new IllegalArgumentException("maxEventPayloadBytes (" + maxEventPayloadBytes
                    + ") must not exceed maxValueBytes (" + maxValueBytes + "), the decoders' payload bound");
        }
        // A text codec may carry payloads as base64 (4 bytes per 3), so leave that much room.
        if (maxMessageBytes * 4L / 3 + maxKeyLength * 4L + 1024 > maxFrameSize) {
            throw new IllegalArgumentException("maxMessageBytes (" + maxMessageBytes + ") must fit in a reliable frame ("
                    + maxFrameSize + " bytes) once base64-encoded, with room for its topic and header");
        }
        if (probeTimeout.compareTo(probeInterval) > 0) {
            throw new IllegalArgumentException("probeTimeout (" + probeTimeout + ") must not exceed probeInterval ("
                    + probeInterval + ")");
        }
        if (maxPacketSize < 256 || maxFrameSize < maxPacketSize) {
            throw new IllegalArgumentException("maxPacketSize must be >= 256 and maxFrameSize >= maxPacketSize");
        }
        if (maxValueBytes + maxKeyLength * 4L + 1024 > maxFrameSize) {
            throw new IllegalArgumentException("maxValueBytes (" + maxValueBytes + ") must fit in a reliable frame ("
                    + maxFrameSize + " bytes) with room for its key and header");
        }
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name must not be blank");
        }
        return name;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    private static int atLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be >= " + min + ": " + value);
        }
        return value;
    }

    /**
     * memberlist's LAN profile: probe every 1 s with a 500 ms timeout and 3 indirect probes, gossip
     * every 200 ms to 3 members, push-pull every 30 s, 1400-byte packets. For hosts in one data center.
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
                .probeTimeout(Duration.ofMillis(200))
                .indirectChecks(1)
                .suspicionMultiplier(3)
                .gossipInterval(Duration.ofMillis(100))
                .retransmitMultiplier(2)
                .pushPullInterval(Duration.ofSeconds(15))
                .connectTimeout(Duration.ofSeconds(1))
                .ioTimeout(Duration.ofSeconds(5));
    }

    /** For nodes across data centers: slower probes and longer suspicion, fewer false failures. */
    public static Builder wan() {
        return new Builder()
                .probeInterval(Duration.ofSeconds(5))
                .probeTimeout(Duration.ofSeconds(3))
                .suspicionMultiplier(6)
                .gossipInterval(Duration.ofMillis(500))
                .gossipFanout(4)
                .pushPullInterval(Duration.ofSeconds(60))
                .gossipToDeadTime(Duration.ofSeconds(60))
                .connectTimeout(Duration.ofSeconds(10))
                .ioTimeout(Duration.ofSeconds(30));
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

    public boolean bootstrap() {
        return bootstrap;
    }

    public String transport() {
        return transport;
    }

    public String codec() {
        return codec;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration ioTimeout() {
        return ioTimeout;
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    public int indirectChecks() {
        return indirectChecks;
    }

    public int suspicionMultiplier() {
        return suspicionMultiplier;
    }

    public int suspicionMaxTimeoutMultiplier() {
        return suspicionMaxTimeoutMultiplier;
    }

    public boolean lifeguard() {
        return lifeguard;
    }

    public int awarenessMaxMultiplier() {
        return awarenessMaxMultiplier;
    }

    public Duration gossipInterval() {
        return gossipInterval;
    }

    public int gossipFanout() {
        return gossipFanout;
    }

    public int retransmitMultiplier() {
        return retransmitMultiplier;
    }

    public Duration pushPullInterval() {
        return pushPullInterval;
    }

    public Duration gossipToDeadTime() {
        return gossipToDeadTime;
    }

    public Duration deadMemberRetention() {
        return deadMemberRetention;
    }

    public int maxKeyLength() {
        return maxKeyLength;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    public int maxTagsBytes() {
        return maxTagsBytes;
    }

    public Duration metadataTombstoneRetention() {
        return metadataTombstoneRetention;
    }

    public Duration joinRetryInitial() {
        return joinRetryInitial;
    }

    public Duration joinRetryMax() {
        return joinRetryMax;
    }

    public int inboundQueueCapacity() {
        return inboundQueueCapacity;
    }

    public int eventQueueCapacity() {
        return eventQueueCapacity;
    }

    public int maxEventPayloadBytes() {
        return maxEventPayloadBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public Duration eventCoalesceWindow() {
        return eventCoalesceWindow;
    }

    /** Mutable builder; defaults are the {@link #lan()} profile. */
    public static final class Builder {
        private String nodeId;
        private String nodeName;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private NodeAddress bind = new NodeAddress("0.0.0.0", 7946);
        private NodeAddress advertise;
        private final List<NodeAddress> seeds = new ArrayList<>();
        private boolean bootstrap = true;
        private String transport = "udp";
        private String codec = "json";
        private int maxPacketSize = 1400;
        private int maxFrameSize = 8 * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration ioTimeout = Duration.ofSeconds(10);
        private Duration probeInterval = Duration.ofSeconds(1);
        private Duration probeTimeout = Duration.ofMillis(500);
        private int indirectChecks = 3;
        private int suspicionMultiplier = 4;
        private int suspicionMaxTimeoutMultiplier = 6;
        private boolean lifeguard = true;
        private int awarenessMaxMultiplier = 8;
        private Duration gossipInterval = Duration.ofMillis(200);
        private int gossipFanout = 3;
        private int retransmitMultiplier = 4;
        private Duration pushPullInterval = Duration.ofSeconds(30);
        private Duration gossipToDeadTime = Duration.ofSeconds(30);
        private Duration deadMemberRetention = Duration.ofHours(1);
        private int maxKeyLength = 512;
        private int maxValueBytes = 64 * 1024;
        private int maxTagsBytes = 512;
        private Duration metadataTombstoneRetention = Duration.ofHours(24);
        private Duration joinRetryInitial = Duration.ofSeconds(1);
        private Duration joinRetryMax = Duration.ofSeconds(30);
        private int inboundQueueCapacity = 4096;
        private int eventQueueCapacity = 10_000;
        private int maxEventPayloadBytes = 1024;
        private int maxMessageBytes = -1;
        private Duration eventCoalesceWindow = Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(ClusterConfig c) {
            nodeId = c.nodeId;
            nodeName = c.nodeName;
            tags.putAll(c.tags);
            bind = c.bind;
            advertise = c.advertise;
            seeds.addAll(c.seeds);
            bootstrap = c.bootstrap;
            transport = c.transport;
            codec = c.codec;
            maxPacketSize = c.maxPacketSize;
            maxFrameSize = c.maxFrameSize;
            connectTimeout = c.connectTimeout;
            ioTimeout = c.ioTimeout;
            probeInterval = c.probeInterval;
            probeTimeout = c.probeTimeout;
            indirectChecks = c.indirectChecks;
            suspicionMultiplier = c.suspicionMultiplier;
            suspicionMaxTimeoutMultiplier = c.suspicionMaxTimeoutMultiplier;
            lifeguard = c.lifeguard;
            awarenessMaxMultiplier = c.awarenessMaxMultiplier;
            gossipInterval = c.gossipInterval;
            gossipFanout = c.gossipFanout;
            retransmitMultiplier = c.retransmitMultiplier;
            pushPullInterval = c.pushPullInterval;
            gossipToDeadTime = c.gossipToDeadTime;
            deadMemberRetention = c.deadMemberRetention;
            maxKeyLength = c.maxKeyLength;
            maxValueBytes = c.maxValueBytes;
            maxTagsBytes = c.maxTagsBytes;
            metadataTombstoneRetention = c.metadataTombstoneRetention;
            joinRetryInitial = c.joinRetryInitial;
            joinRetryMax = c.joinRetryMax;
            inboundQueueCapacity = c.inboundQueueCapacity;
            eventQueueCapacity = c.eventQueueCapacity;
            maxEventPayloadBytes = c.maxEventPayloadBytes;
            maxMessageBytes = c.maxMessageBytes;
            eventCoalesceWindow = c.eventCoalesceWindow;
        }

        /** Fixes the node id. Unset, a random id is generated at start (kept in the data directory once persistence lands). */
        public Builder nodeId(String id) {
            this.nodeId = id;
            return this;
        }

        /** Human-readable name shown in member lists and logs; not an identity, need not be unique. */
        public Builder nodeName(String name) {
            this.nodeName = name;
            return this;
        }

        /** Replaces the node's tags (Go's PrivateData). Small: they ride in every membership rumor about the node. */
        public Builder tags(Map<String, String> newTags) {
            tags.clear();
            tags.putAll(newTags);
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        /** Local address to listen on (Go's ListenAddr and Port). Port 0 picks a free port. */
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

        public Builder seed(NodeAddress address) {
            seeds.add(address);
            return this;
        }

        /**
         * Whether this node may consider itself a cluster of one when no seed answers (seed 002's
         * makeMasterOnError). Either way it keeps retrying its seeds with backoff; without it, the node
         * reports itself unhealthy and warns until a seed answers. Default true.
         */
        public Builder bootstrap(boolean value) {
            this.bootstrap = value;
            return this;
        }

        /** Transport plugin by name ({@code udp} default, {@code tcp}); Go's Protocol. */
        public Builder transport(String name) {
            this.transport = name;
            return this;
        }

        /** Codec plugin by name ({@code json}). */
        public Builder codec(String name) {
            this.codec = name;
            return this;
        }

        /**
         * Largest UDP packet sent (Go's Size, which was the read buffer). Larger packets carry more
         * gossip per round but risk IP fragmentation above the path MTU; 1400 is safe on Ethernet.
         */
        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /** Largest reliable message (push-pull state, big values). Bounds memory per connection. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** Reliable-path connect timeout. Short fails fast on dead peers; too short fails on slow links. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Read/write deadline of a reliable frame; slow or stuck peers are disconnected after it. */
        public Builder ioTimeout(Duration d) {
            this.ioTimeout = d;
            return this;
        }

        /**
         * Time between probes of one member each (SWIM protocol period). Shorter detects failures
         * sooner at the cost of more traffic (one ping and ack per period per node).
         */
        public Builder probeInterval(Duration d) {
            this.probeInterval = d;
            return this;
        }

        /** Wait for a direct ack before asking others to probe. Should be above the network's 99th percentile RTT. */
        public Builder probeTimeout(Duration d) {
            this.probeTimeout = d;
            return this;
        }

        /** Members asked to probe indirectly when a direct probe fails. More members guard against one bad path. */
        public Builder indirectChecks(int n) {
            this.indirectChecks = n;
            return this;
        }

        /**
         * Suspicion timeout = multiplier x log10(N+1) x probeInterval once confirmed (with Lifeguard, down to
         * half of that once three more members confirmed).
         * Larger tolerates longer pauses and losses before declaring death, but detects failures later.
         */
        public Builder suspicionMultiplier(int n) {
            this.suspicionMultiplier = n;
            return this;
        }

        /**
         * Lifeguard: a fresh suspicion starts at this multiple of the minimum timeout and shrinks toward it
         * as independent members confirm. Higher means fewer false failures when only one node suspects.
         */
        public Builder suspicionMaxTimeoutMultiplier(int n) {
            this.suspicionMaxTimeoutMultiplier = n;
            return this;
        }

        /**
         * Lifeguard on or off (on by default): local health awareness, dynamic suspicion timeouts and
         * the buddy rule. Off gives classic SWIM, which declares healthy-but-slow members dead more often.
         */
        public Builder lifeguard(boolean on) {
            this.lifeguard = on;
            return this;
        }

        /** Lifeguard: most that a locally unhealthy node stretches its probe interval and timeout. */
        public Builder awarenessMaxMultiplier(int n) {
            this.awarenessMaxMultiplier = n;
            return this;
        }

        /** How often rumors are sent to {@link #gossipFanout} random members (Go's Cycle, there 6 s). */
        public Builder gossipInterval(Duration d) {
            this.gossipInterval = d;
            return this;
        }

        /** Members gossiped to per interval (Go's Amount). More spreads news faster and costs traffic. */
        public Builder gossipFanout(int n) {
            this.gossipFanout = n;
            return this;
        }

        /**
         * Each rumor is sent multiplier x ceil(log10(N+1)) times, then dropped. Higher is more robust to loss;
         * lower keeps queues short. Idle traffic does not depend on it.
         */
        public Builder retransmitMultiplier(int n) {
            this.retransmitMultiplier = n;
            return this;
        }

        /**
         * Full-state exchange with one random member. Repairs whatever gossip missed and merges healed
         * partitions; shorter repairs faster but costs a state transfer each time (scaled up with N).
         */
        public Builder pushPullInterval(Duration d) {
            this.pushPullInterval = d;
            return this;
        }

        /** Keep gossiping to members for this long after they died, so a falsely dead one learns and refutes. */
        public Builder gossipToDeadTime(Duration d) {
            this.gossipToDeadTime = d;
            return this;
        }

        /**
         * How long dead and left members stay as tombstones before they are forgotten. Longer blocks stale
         * gossip from reviving them over longer partitions, at the cost of memory per departed member.
         */
        public Builder deadMemberRetention(Duration d) {
            this.deadMemberRetention = d;
            return this;
        }

        /** Longest metadata key, in characters. */
        public Builder maxKeyLength(int n) {
            this.maxKeyLength = n;
            return this;
        }

        /**
         * Largest metadata value; {@code publish} of anything larger fails at the call. Values bigger
         * than a packet are spread over the reliable path.
         */
        public Builder maxValueBytes(int n) {
            this.maxValueBytes = n;
            return this;
        }

        /** Largest total size of a node's tags (keys plus values, UTF-8). Tags ride in every rumor about the node. */
        public Builder maxTagsBytes(int n) {
            this.maxTagsBytes = n;
            return this;
        }

        /**
         * How long a deleted key's tombstone is kept (the GC horizon). It must outlast the longest
         * partition you expect, or a node returning after it can resurrect the key.
         */
        public Builder metadataTombstoneRetention(Duration d) {
            this.metadataTombstoneRetention = d;
            return this;
        }

        /** First delay between join attempts while no seed answers; doubles with jitter up to {@link #joinRetryMax}. */
        public Builder joinRetryInitial(Duration d) {
            this.joinRetryInitial = d;
            return this;
        }

        public Builder joinRetryMax(Duration d) {
            this.joinRetryMax = d;
            return this;
        }

        /**
         * Received messages queued for the protocol thread (Go's Buffer). Past it, new packets are dropped
         * and counted instead of growing memory.
         */
        public Builder inboundQueueCapacity(int n) {
            this.inboundQueueCapacity = n;
            return this;
        }

        /** Events queued per listener; a listener that falls this far behind loses events (counted). */
        public Builder eventQueueCapacity(int n) {
            this.eventQueueCapacity = n;
            return this;
        }

        /**
         * Largest user event or query (name plus payload, UTF-8 bytes); larger ones are refused at the
         * call. Default 1 KiB: events ride in gossip packets, and Serf's limit is 512 bytes. Larger
         * events (up to {@code maxValueBytes}) work but spread over the reliable path.
         */
        public Builder maxEventPayloadBytes(int n) {
            this.maxEventPayloadBytes = n;
            return this;
        }

        /**
         * Largest payload of a direct message or request; must fit in a reliable frame. Default 4 MiB,
         * or less when {@code maxFrameSize} leaves less room.
         */
        public Builder maxMessageBytes(int n) {
            this.maxMessageBytes = n;
            return this;
        }

        /** How long a receiver holds coalescable user events of one name to collapse a burst (default 1 s). */
        public Builder eventCoalesceWindow(Duration d) {
            this.eventCoalesceWindow = d;
            return this;
        }

        public ClusterConfig build() {
            return new ClusterConfig(this);
        }
    }
}

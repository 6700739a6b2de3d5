package io.pekonode.testkit.sim;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated network between nodes: latency, packet loss and partitions. Every random draw comes
 * from one seeded generator, in the order messages are sent, so a seed fixes every fate.
 *
 * <ul>
 *   <li><b>Latency</b>: base plus a uniform jitter in [0, jitter] for packets. Reliable messages use
 *       base + jitter/2 on every send, a fixed delay per link, so they stay in order per link like a
 *       TCP stream.</li>
 *   <li><b>Loss</b>: each packet is lost with the global probability, or the link's own when one is
 *       set.</li>
 *   <li><b>Reliable-path failures</b>: a reliable message fails (a connect that fails or times out,
 *       a reset, an I/O timeout: the sender's transport gives up and the message is gone) with the
 *       reliable failure rate. Unless set, that rate follows the packet loss rate of the link, since
 *       a stream exchange under loss misses a protocol's deadlines at least as often as one of its
 *       packets is lost; set it to 0 for a lossless reliable path under packet loss.</li>
 *   <li><b>Partitions</b>: every node belongs to a group (0 unless placed in one); nodes in different
 *       groups cannot exchange anything, checked when a message is sent and again on delivery.</li>
 * </ul>
 * Per-link settings and groups belong to node slots ({@link SimNode#index()}); a restarted node is a
 * new slot in group 0 without link settings.
 */
public final class SimNetwork {

    /** {@link #delay} result for a lost packet. */
    static final long LOST = -1;
    /** {@link #delay} result for a message cut by a partition. */
    static final long CUT = -2;
    /** {@link #delay} result for a reliable message whose connection failed. */
    static final long RELIABLE_FAILED = -3;
    /** {@link #reliableFailureRate} value meaning "the packet loss rate of the link". */
    public static final double FOLLOW_PACKET_LOSS = -1;

    private final SplittableRandom random;
    private long baseLatency;
    private long jitter;
    private double lossRate;
    private double reliableFailureRate = FOLLOW_PACKET_LOSS;
    private final Map<Long, Link> links = new HashMap<>();
    private int[] group = new int[64];
    private boolean[] bridge = new boolean[64];
    private int nextGroup = 1;

    /** A link's own settings; negative fields mean "use the global value". */
    private static final class Link {
        long baseLatency = -1;
        long jitter = -1;
        double lossRate = -1;
    }

    SimNetwork(SplittableRandom random, long baseLatency, long jitter, double lossRate) {
        this.random = random;
        latency(baseLatency, jitter);
        lossRate(lossRate);
    }

    /** Sets the latency of every link without its own: {@code base} plus up to {@code jitter} ms. */
    public SimNetwork latency(long baseMillis, long jitterMillis) {
        if (baseMillis < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("latency and jitter must be >= 0: " + baseMillis + ", " + jitterMillis);
        }
        this.baseLatency = baseMillis;
        this.jitter = jitterMillis;
        return this;
    }

    /** Sets the probability that a packet on a link without its own loss rate is lost. */
    public SimNetwork lossRate(double probability) {
        this.lossRate = checkProbability(probability);
        return this;
    }

    public double lossRate() {
        return lossRate;
    }

    /**
     * Sets the probability that a reliable message fails (connect failure, timeout or reset), on every
     * link; {@link #FOLLOW_PACKET_LOSS} (the default) uses each link's packet loss rate, 0 makes the
     * reliable path lossless.
     */
    public SimNetwork reliableFailureRate(double probability) {
        this.reliableFailureRate = probability == FOLLOW_PACKET_LOSS ? probability : checkProbability(probability);
        return this;
    }

    /** The reliable failure rate set, or {@link #FOLLOW_PACKET_LOSS}. */
    public double reliableFailureRate() {
        return reliableFailureRate;
    }

    /** Gives the link between {@code a} and {@code b} (both directions) its own latency. */
    public SimNetwork linkLatency(SimNode a, SimNode b, long baseMillis, long jitterMillis) {
        if (baseMillis < 0 || jitterMillis < 0) {
            throw new IllegalArgumentException("latency and jitter must be >= 0");
        }
        Link link = link(a, b);
        link.baseLatency = baseMillis;
        link.jitter = jitterMillis;
        return this;
    }

    /** Gives the link between {@code a} and {@code b} (both directions) its own packet loss probability. */
    public SimNetwork linkLoss(SimNode a, SimNode b, double probability) {
        link(a, b).lossRate = checkProbability(probability);
        return this;
    }

    /** Removes every per-link setting. */
    public SimNetwork clearLinks() {
        links.clear();
        return this;
    }

    /**
     * Splits the network: each collection becomes a group that can reach only itself; nodes in none of
     * them form one more group together. Replaces any earlier partition.
     */
    @SafeVarargs
    public final SimNetwork partition(Collection<SimNode>... groups) {
        Arrays.fill(group, 0);
        for (Collection<SimNode> members : groups) {
            int id = nextGroup++;
            for (SimNode node : members) {
                ensure(node.index());
                group[node.index()] = id;
            }
        }
        return this;
    }

    /** Cuts one node off from every other (on top of any existing partition). */
    public SimNetwork isolate(SimNode node) {
        ensure(node.index());
        group[node.index()] = nextGroup++;
        return this;
    }

    /**
     * Lets one node reach every group, as a node with a foot on both sides of a partial partition (its
     * peers on either side still cannot reach each other). Lasts until {@link #heal}.
     */
    public SimNetwork bridge(SimNode node) {
        ensure(node.index());
        bridge[node.index()] = true;
        return this;
    }

    /** Ends every partition (bridges included). */
    public SimNetwork heal() {
        Arrays.fill(group, 0);
        Arrays.fill(bridge, false);
        return this;
    }

    /** True when no partition separates the two nodes. */
    public boolean canReach(SimNode a, SimNode b) {
        return canReach(a.index(), b.index());
    }

    boolean canReach(int from, int to) {
        return groupOf(from) == groupOf(to) || isBridge(from) || isBridge(to);
    }

    private boolean isBridge(int index) {
        return index < bridge.length && bridge[index];
    }

    /**
     * The fate of one message: its delay in ms, or {@link #LOST}, {@link #RELIABLE_FAILED} or {@link #CUT}. Draws from the
     * random generator only when loss or jitter apply, so adding jitter-free links does not shift
     * other draws.
     */
    long delay(int from, int to, boolean reliable) {
        if (!canReach(from, to)) {
            return CUT;
        }
        long base = baseLatency;
        long jit = jitter;
        double loss = lossRate;
        if (!links.isEmpty()) {
            Link link = links.get(key(from, to));
            if (link != null) {
                base = link.baseLatency >= 0 ? link.baseLatency : base;
                jit = link.jitter >= 0 ? link.jitter : jit;
                loss = link.lossRate >= 0 ? link.lossRate : loss;
            }
        }
        if (reliable) {
            double failure = reliableFailureRate == FOLLOW_PACKET_LOSS ? loss : reliableFailureRate;
            if (failure > 0 && random.nextDouble() < failure) {
                return RELIABLE_FAILED;
            }
            return base + jit / 2;
        }
        if (loss > 0 && random.nextDouble() < loss) {
            return LOST;
        }
        return jit > 0 ? base + random.nextLong(jit + 1) : base;
    }

    private int groupOf(int index) {
        return index < group.length ? group[index] : 0;
    }

    private void ensure(int index) {
        if (index >= group.length) {
            group = Arrays.copyOf(group, Math.max(index + 1, group.length * 2));
            bridge = Arrays.copyOf(bridge, group.length);
        }
    }

    private Link link(SimNode a, SimNode b) {
        return links.computeIfAbsent(key(a.index(), b.index()), k -> new Link());
    }

    private static long key(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | (high & 0xffffffffL);
    }

    private static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
        }
        return p;
    }
}

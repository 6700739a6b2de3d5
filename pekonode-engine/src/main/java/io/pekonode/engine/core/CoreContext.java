package io.pekonode.engine.core;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.gossip.BroadcastQueue;
import io.pekonode.engine.core.gossip.RumorSizes;
import io.pekonode.engine.core.gossip.SupersedeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the core's components share: settings, the random source, the rumor queue and the output
 * buffers. Components never talk to the outside world except by appending to these buffers.
 */
public final class CoreContext {
    private final ClusterConfig config;
    private final RandomGenerator random;
    private final BroadcastQueue broadcasts;
    private final int packetBudget;
    private final CoreStats stats = new CoreStats();
    private final List<OutboundMessage> outbound = new ArrayList<>();
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private Origin origin;
    /** The time of the input being handled, for what is stamped without a time of its own (queued rumors). */
    private long nowMillis;

    CoreContext(ClusterConfig config, Origin origin, int packetBudget, RandomGenerator random,
                BroadcastQueue broadcasts) {
        this.config = config;
        this.origin = origin;
        this.packetBudget = packetBudget;
        this.random = random;
        this.broadcasts = broadcasts;
    }

    public ClusterConfig config() {
        return config;
    }

    public RandomGenerator random() {
        return random;
    }

    public Origin origin() {
        return origin;
    }

    public String selfId() {
        return origin.nodeId();
    }

    public CoreStats stats() {
        return stats;
    }

    public BroadcastQueue broadcasts() {
        return broadcasts;
    }

    /**
     * Queues a rumor; newer news about the same subject ({@link SupersedeKey#of}) replaces older news
     * still in the queue.
     */
    public void broadcast(Rumor rumor) {
        broadcasts.enqueue(SupersedeKey.of(rumor), rumor);
        stats.increment(CoreStats.Counter.RUMORS_QUEUED);
    }

    /** Rumors for one packet, within the transport's budget after the message's own fields. */
    public List<Rumor> piggyback(int reservedBytes) {
        int budget = packetBudget - RumorSizes.envelope(origin.nodeId(), origin.address()) - reservedBytes;
        return budget <= 0 ? List.of() : broadcasts.take(budget);
    }

    public int packetBudget() {
        return packetBudget;
    }

    public void send(io.pekonode.api.NodeAddress to, WireMessage message, boolean reliable) {
        outbound.add(new OutboundMessage(to, message, reliable));
    }

    public void emit(ClusterEvent event) {
        events.add(event);
    }

    /** Records a measured duration; the oldest are dropped past {@link #MAX_TIMINGS} when nobody drains them. */
    public void timing(Timing.Kind kind, long millis) {
        if (timings.size() >= MAX_TIMINGS) {
            timings.remove(0);
        }
        timings.add(new Timing(kind, Math.max(0, millis)));
    }

    /** Timings kept between drains at most (a driver that never drains, such as an old harness, loses the oldest). */
    static final int MAX_TIMINGS = 4096;

    /** Called by the core at the start of every input. */
    void now(long millis) {
        nowMillis = millis;
    }

    public long now() {
        return nowMillis;
    }

    List<OutboundMessage> drainOutbound() {
        if (outbound.isEmpty()) {
            return List.of();
        }
        List<OutboundMessage> out = List.copyOf(outbound);
        outbound.clear();
        return out;
    }

    List<Timing> drainTimings() {
        if (timings.isEmpty()) {
            return List.of();
        }
        List<Timing> out = List.copyOf(timings);
        timings.clear();
        return out;
    }

    List<ClusterEvent> drainEvents() {
        if (events.isEmpty()) {
            return List.of();
        }
        List<ClusterEvent> out = List.copyOf(events);
        events.clear();
        return out;
    }
}

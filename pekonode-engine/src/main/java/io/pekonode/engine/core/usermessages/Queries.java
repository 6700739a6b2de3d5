package io.pekonode.engine.core.usermessages;

import io.pekonode.api.Member;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.gossip.SupersedeKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cluster queries (Serf's {@code Query}), the core's half: stamp and gossip a query, and on every
 * node deduplicate it, pass it on, and list it for the runtime when the local member matches its
 * filters. The runtime runs the handler and answers the origin directly ({@code QueryReply}).
 *
 * <p>Expiry: a receiver cannot read the origin's clock, so it counts the query's timeout from when it
 * first saw it. Until then the query is gossiped like any rumor; at that moment it is taken out of the
 * gossip queue, so a long queue cannot keep spreading queries nobody collects answers for. (A copy
 * arriving later is still recognised by the {@link RecentIds} memory and not answered twice.) A query
 * whose timeout is not positive is expired on arrival and dropped.
 *
 * <p>Bounds: queries waiting in {@link #drain()} (the runtime drains after every input) and queries
 * tracked for expiry are each capped; past the caps the oldest is dropped and counted
 * ({@code QUERIES_DROPPED}, and {@code QUERIES_EVICTED} when it was still in the gossip queue).
 */
public final class Queries {
    /** Queries listed for the runtime and not yet drained; more are dropped (counted). */
    public static final int MAX_PENDING = 1024;
    /** Queries tracked for expiry; past this the oldest leaves the gossip queue early. */
    public static final int MAX_TRACKED = 4096;
    /** No receiver gossips a query for longer, whatever timeout it carries. */
    public static final long MAX_RETENTION_MILLIS = 3_600_000;

    private final CoreContext ctx;
    private final LamportClock clock;
    private final RecentIds seen;
    private final TagFilter filter;
    private final Supplier<Member> self;
    private final List<QueryRumor> pending = new ArrayList<>();
    /** Gossip-queue key to the local time the query expires; insertion order = first-seen order. */
    private final LinkedHashMap<SupersedeKey, Long> expiries = new LinkedHashMap<>();
    private long nextExpiry = Long.MAX_VALUE;

    public Queries(CoreContext ctx, LamportClock clock, RecentIds seen, TagFilter filter, Supplier<Member> self) {
        this.ctx = ctx;
        this.clock = clock;
        this.seen = seen;
        this.filter = filter;
        this.self = self;
    }

    /** Starts a query from this node; returns its id (Lamport time). */
    public long start(long now, String name, byte[] payload, Map<String, String> tagFilter, List<String> nodeIds,
                      long timeoutMillis, boolean wantAck) {
        byte[] bytes = MessageLimits.checked("query", name, payload, ctx.config().limits().maxEventPayloadBytes());
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("query timeout must be positive: " + timeoutMillis + " ms");
        }
        long time = clock.stamp(now);
        QueryRumor query = new QueryRumor(ctx.origin(), time, name, bytes, tagFilter == null ? Map.of() : tagFilter,
                nodeIds == null ? List.of() : nodeIds, timeoutMillis, wantAck);
        seen.record(query.origin().nodeId(), time);
        ctx.stats().increment(Counter.QUERIES_STARTED);
        spread(query, now);
        answerIfMatching(query);
        return time;
    }

    /** A query from gossip: passed on and (when addressed here) listed the first time, dropped after. */
    public void receive(QueryRumor query, long now) {
        clock.witness(query.lamportTime());
        if (query.timeoutMillis() <= 0) {
            ctx.stats().increment(Counter.QUERIES_EXPIRED);
            return;
        }
        switch (seen.record(query.origin().nodeId(), query.lamportTime())) {
            case NEW -> {
                ctx.stats().increment(Counter.QUERIES_RECEIVED);
                spread(query, now);
                answerIfMatching(query);
            }
            case DUPLICATE, TOO_OLD -> ctx.stats().increment(Counter.QUERIES_DUPLICATE);
        }
    }

    /** Takes expired queries out of the gossip queue. */
    public void tick(long now) {
        if (now < nextExpiry) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (Iterator<Map.Entry<SupersedeKey, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SupersedeKey, Long> e = it.next();
            if (e.getValue() <= now) {
                ctx.broadcasts().remove(e.getKey());
                it.remove();
            } else {
                next = Math.min(next, e.getValue());
            }
        }
        nextExpiry = next;
    }

    public long nextDeadlineMillis() {
        return nextExpiry;
    }

    /** Queries this node must answer since the last call. */
    public List<QueryRumor> drain() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<QueryRumor> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    private void spread(QueryRumor query, long now) {
        SupersedeKey key = SupersedeKey.of(query);
        ctx.broadcast(query);
        long expiresAt = now + Math.min(query.timeoutMillis(), MAX_RETENTION_MILLIS);
        expiries.put(key, expiresAt);
        nextExpiry = Math.min(nextExpiry, expiresAt);
        if (expiries.size() > MAX_TRACKED) {
            Iterator<SupersedeKey> eldest = expiries.keySet().iterator();
            if (ctx.broadcasts().remove(eldest.next())) {
                ctx.stats().increment(Counter.QUERIES_EVICTED); // still spreading: cut short, so count it
            }
            eldest.remove();
        }
    }

    private void answerIfMatching(QueryRumor query) {
        Member me = self.get();
        if (!filter.matches(me.id(), me.tags(), query.nodeIds(), query.tagFilter())) {
            return;
        }
        ctx.stats().increment(Counter.QUERIES_MATCHED);
        ctx.emit(new ClusterEvent.QueryReceived(query.name(), query.payload(), query.origin().nodeId(),
                query.lamportTime()));
        if (pending.size() >= MAX_PENDING) {
            pending.remove(0);
            ctx.stats().increment(Counter.QUERIES_DROPPED);
        }
        pending.add(query);
    }
}

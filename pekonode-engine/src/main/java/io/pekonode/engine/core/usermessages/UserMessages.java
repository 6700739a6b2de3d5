package io.pekonode.engine.core.usermessages;

import io.pekonode.api.Member;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.engine.core.CoreContext;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The core's side of user messages: user events and queries, sharing one Lamport clock (so a query and an event
 * of one node never carry the same time) but each with its own duplicate memory.
 */
public final class UserMessages {
    private final LamportClock clock = new LamportClock();
    private final UserEvents events;
    private final Queries queries;

    public UserMessages(CoreContext ctx, Supplier<Member> self) {
        this.events = new UserEvents(ctx, clock, new RecentIds(),
                new Coalescer(ctx.config().messaging().eventCoalesceWindow().toMillis(), Coalescer.DEFAULT_MAX_NAMES));
        this.queries = new Queries(ctx, clock, new RecentIds(), new TagFilter(TagFilter.DEFAULT_MAX_PATTERNS), self);
    }

    public long broadcastEvent(long now, String name, byte[] payload, boolean coalesce) {
        return events.broadcast(now, name, payload, coalesce);
    }

    public long startQuery(long now, String name, byte[] payload, Map<String, String> tagFilter, List<String> nodeIds,
                           long timeoutMillis, boolean wantAck) {
        return queries.start(now, name, payload, tagFilter, nodeIds, timeoutMillis, wantAck);
    }

    public void onEvent(UserEventRumor event, long now) {
        events.receive(event, now);
    }

    public void onQuery(QueryRumor query, long now) {
        queries.receive(query, now);
    }

    public List<QueryRumor> drainQueries() {
        return queries.drain();
    }

    public void tick(long now) {
        events.tick(now);
        queries.tick(now);
    }

    public long nextDeadlineMillis() {
        return Math.min(events.nextDeadlineMillis(), queries.nextDeadlineMillis());
    }

    public LamportClock clock() {
        return clock;
    }
}

package io.pekonode.engine.core.usermessages;

import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.gossip.SupersedeKey;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * User events (Serf's {@code UserEvent}): stamped with the node's Lamport clock, delivered locally,
 * and spread by gossip; every node delivers each (origin, Lamport time) once to its listeners, as a
 * {@link UserEventReceived} event, and passes it on the first time it sees it.
 *
 * <p>Every event has its own gossip-queue key, so events never replace one another in the queue: a
 * burst of ten events spreads as ten rumors. Collapsing bursts is the receivers' job
 * ({@link Coalescer}), and only for events whose sender allowed it.
 *
 * <p>Bound: events arriving faster than gossip spreads them would grow the gossip queue without
 * limit, so at most {@value #MAX_QUEUED} events are queued (Serf's default event queue depth); past
 * that the oldest queued event leaves the queue, is counted as {@code EVENTS_EVICTED}, and peers
 * that missed it do not get it from this node (listeners here already had it).
 */
public final class UserEvents {
    /** Most user events waiting in the gossip queue at once. */
    public static final int MAX_QUEUED = 4096;

    private final CoreContext ctx;
    /** Gossip-queue keys of events queued here, oldest first; keys of events done spreading are pruned lazily. */
    private final LinkedHashSet<SupersedeKey> queued = new LinkedHashSet<>();
    private final LamportClock clock;
    private final RecentIds seen;
    private final Coalescer coalescer;

    public UserEvents(CoreContext ctx, LamportClock clock, RecentIds seen, Coalescer coalescer) {
        this.ctx = ctx;
        this.clock = clock;
        this.seen = seen;
        this.coalescer = coalescer;
    }

    /** Broadcasts an event from this node; returns its Lamport time. */
    public long broadcast(long now, String name, byte[] payload, boolean coalesce) {
        byte[] bytes = MessageLimits.checked("user event", name, payload, ctx.config().limits().maxEventPayloadBytes());
        long time = clock.stamp(now);
        UserEventRumor event = new UserEventRumor(ctx.selfId(), time, name, bytes, coalesce);
        seen.record(event.originId(), time); // our own copies coming back are duplicates
        ctx.stats().increment(Counter.EVENTS_BROADCAST);
        spread(event);
        deliver(event, now);
        return time;
    }

    /** An event from gossip: delivered and passed on the first time, dropped after. */
    public void receive(UserEventRumor event, long now) {
        clock.witness(event.lamportTime());
        switch (seen.record(event.originId(), event.lamportTime())) {
            case NEW -> {
                ctx.stats().increment(Counter.EVENTS_RECEIVED);
                spread(event);
                deliver(event, now);
            }
            case DUPLICATE -> ctx.stats().increment(Counter.EVENTS_DUPLICATE);
            case TOO_OLD -> ctx.stats().increment(Counter.EVENTS_TOO_OLD);
        }
    }

    /** Releases coalesced events whose window closed. */
    public void tick(long now) {
        coalescer.release(now, event -> {
            ctx.stats().add(Counter.EVENTS_COALESCED, event.coalesced());
            ctx.emit(event);
        });
    }

    public long nextDeadlineMillis() {
        return coalescer.nextDeadlineMillis();
    }

    private void spread(UserEventRumor event) {
        ctx.broadcast(event);
        queued.add(SupersedeKey.of(event));
        if (queued.size() <= MAX_QUEUED) {
            return;
        }
        // Oldest first: forget events that finished spreading; the first one still queued is cut
        // short. Only the head is examined (O(1) amortised on the loop), so a finished event behind a
        // queued one still holds its place until it reaches the head: the cap errs on the safe side.
        Iterator<SupersedeKey> eldest = queued.iterator();
        while (eldest.hasNext()) {
            SupersedeKey k = eldest.next();
            eldest.remove();
            if (ctx.broadcasts().remove(k)) {
                ctx.stats().increment(Counter.EVENTS_EVICTED);
                return;
            }
            if (queued.size() <= MAX_QUEUED) {
                return;
            }
        }
    }

    private void deliver(UserEventRumor event, long now) {
        if (event.coalesce() && coalescer.offer(event, now)) {
            return;
        }
        ctx.emit(new UserEventReceived(event.name(), event.payload(), event.originId(), event.lamportTime(), 0));
    }
}

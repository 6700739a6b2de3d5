package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.core.ProtocolCore;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Events and queries arriving faster than gossip can spread them must not grow the gossip queue
 * without bound: past the cap the oldest leaves the queue, and each eviction is counted.
 */
class GossipQueueBoundsTest {
    private static final NodeAddress PEER_ADDR = new NodeAddress("10.0.0.2", 7946);
    private static final byte[] PAYLOAD = {1};

    private final long now = 1_000_000;

    private ProtocolCore core() {
        ProtocolCore c = new ProtocolCore(ClusterConfig.lan().build(),
                new LocalNode("self", "self", new NodeAddress("10.0.0.1", 7946), Map.of(), 0), 1400, new SplittableRandom(7));
        c.start(now);
        c.join(now, List.of());
        c.restoreMembers(now, List.of(new Member("peer", "peer", PEER_ADDR, Map.of(), MemberState.ALIVE, 0)));
        c.drainEvents();
        c.drainOutbound();
        return c;
    }

    @Test
    void aBurstOfLocalEventsKeepsAtMostTheCapQueuedAndCountsTheRest() {
        ProtocolCore core = core();
        int before = core.pendingBroadcasts();
        int extra = 100;
        for (int i = 0; i < UserEvents.MAX_QUEUED + extra; i++) {
            core.broadcastEvent(now, "deploy", PAYLOAD, false); // no tick: nothing is gossiped meanwhile
        }
        assertTrue(core.pendingBroadcasts() <= before + UserEvents.MAX_QUEUED, "queued: " + core.pendingBroadcasts());
        assertEquals(extra, core.stats().get(Counter.EVENTS_EVICTED));
        assertEquals(UserEvents.MAX_QUEUED + extra, core.drainEvents().size(), "every event was still delivered here");
    }

    @Test
    void eventsFromPeersAreBoundedTheSameWay() {
        ProtocolCore core = core();
        int before = core.pendingBroadcasts();
        Origin peer = new Origin("peer", PEER_ADDR);
        int extra = 10;
        for (int i = 1; i <= UserEvents.MAX_QUEUED + extra; i++) {
            core.receive(now, new Gossip(peer, List.of(new UserEventRumor("peer", i, "e", PAYLOAD, false))));
        }
        assertTrue(core.pendingBroadcasts() <= before + UserEvents.MAX_QUEUED, "queued: " + core.pendingBroadcasts());
        assertEquals(extra, core.stats().get(Counter.EVENTS_EVICTED));
    }

    @Test
    void queriesPastTheTrackingCapLeaveTheQueueCounted() {
        ProtocolCore core = core();
        int before = core.pendingBroadcasts();
        int extra = 10;
        for (int i = 0; i < Queries.MAX_TRACKED + extra; i++) {
            core.startQuery(now, "q", PAYLOAD, Map.of(), List.of(), 60_000, false);
        }
        assertTrue(core.pendingBroadcasts() <= before + Queries.MAX_TRACKED, "queued: " + core.pendingBroadcasts());
        assertEquals(extra, core.stats().get(Counter.QUERIES_EVICTED));
    }
}

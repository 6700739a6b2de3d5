package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.core.ProtocolCore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** User events and queries through one {@link ProtocolCore}, driven message by message with a virtual clock. */
class MessagingCoreTest {
    private static final NodeAddress SELF_ADDR = new NodeAddress("10.0.0.1", 7946);
    private static final NodeAddress PEER_ADDR = new NodeAddress("10.0.0.2", 7946);
    private static final Origin PEER = new Origin("peer", PEER_ADDR);

    private final ClusterConfig config = ClusterConfig.lan().messaging(m -> m.eventCoalesceWindow(Duration.ofMillis(500))).build();
    private ProtocolCore core;
    private final List<ClusterEvent> events = new ArrayList<>();
    private final List<OutboundMessage> sent = new ArrayList<>();
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        core = newCore(Map.of("role", "web", "dc", "eu-1"));
    }

    private ProtocolCore newCore(Map<String, String> tags) {
        ProtocolCore c = new ProtocolCore(config, new LocalNode("self", "self", SELF_ADDR, tags, 0), 1400,
                new SplittableRandom(42));
        c.start(now);
        c.join(now, List.of());
        c.restoreMembers(now, List.of(new Member("peer", "peer", PEER_ADDR, Map.of(), MemberState.ALIVE, 0)));
        c.drainEvents();
        c.drainOutbound();
        return c;
    }

    private void drain() {
        events.addAll(core.drainEvents());
        sent.addAll(core.drainOutbound());
    }

    private void receive(Rumor... rumors) {
        core.receive(now, new Gossip(PEER, List.of(rumors)));
        drain();
    }

    private void advance(long millis) {
        long end = now + millis;
        while (core.nextWakeupMillis() <= end) {
            now = Math.max(now, core.nextWakeupMillis());
            core.tick(now);
            drain();
        }
        now = end;
    }

    private List<UserEventReceived> userEvents() {
        List<UserEventReceived> out = new ArrayList<>();
        for (ClusterEvent e : events) {
            if (e instanceof UserEventReceived u) {
                out.add(u);
            }
        }
        return out;
    }

    /** Rumors of the given type this core sent in gossip packets (oversized ones included). */
    private <R extends Rumor> List<R> gossiped(Class<R> type) {
        List<R> out = new ArrayList<>();
        for (OutboundMessage o : sent) {
            if (o.message() instanceof Gossip g) {
                for (Rumor r : g.rumors()) {
                    if (type.isInstance(r)) {
                        out.add(type.cast(r));
                    }
                }
            }
        }
        return out;
    }

    private static UserEventRumor event(String origin, long time, String name, boolean coalesce) {
        return new UserEventRumor(origin, time, name, ("p" + time).getBytes(StandardCharsets.UTF_8), coalesce);
    }

    // ------------------------------------------------------------ user events

    @Test
    void aReceivedEventIsDeliveredOnceAndPassedOnOnceHoweverManyCopiesArrive() {
        UserEventRumor e = event("peer", 42, "deploy", false);
        receive(e);
        receive(e);
        receive(e, e);
        assertEquals(List.of(new UserEventReceived("deploy", e.payload(), "peer", 42, 0)), userEvents());
        assertEquals(1, core.pendingBroadcasts(), "queued for re-gossip once");
        assertEquals(3, core.stats().eventsDuplicate());
        advance(5_000);
        assertTrue(gossiped(UserEventRumor.class).stream().allMatch(e::equals));
        assertTrue(gossiped(UserEventRumor.class).size() >= 1, "passed on");
        assertEquals(1, userEvents().size());
    }

    @Test
    void aLocalBroadcastIsDeliveredHereAndItsCopiesComingBackAreDropped() {
        long t = core.broadcastEvent(now, "hello", "x".getBytes(StandardCharsets.UTF_8), false);
        drain();
        assertEquals(List.of(new UserEventReceived("hello", "x".getBytes(StandardCharsets.UTF_8), "self", t, 0)), userEvents());
        receive(new UserEventRumor("self", t, "hello", "x".getBytes(StandardCharsets.UTF_8), false));
        assertEquals(1, userEvents().size());
    }

    @Test
    void eventsNeverSupersedeEachOtherInTheGossipQueue() {
        for (int i = 0; i < 5; i++) {
            core.broadcastEvent(now, "same-name", new byte[] {(byte) i}, false);
        }
        receive(event("peer", 1, "same-name", false), event("peer", 2, "same-name", false));
        assertEquals(7, core.pendingBroadcasts());
    }

    @Test
    void theLamportClockWitnessesReceivedTimes() {
        long far = now + 1_000_000_000L;
        receive(event("peer", far, "x", false));
        long mine = core.broadcastEvent(now, "y", new byte[0], false);
        assertTrue(mine > far, mine + " must follow the witnessed " + far);
        long next = core.broadcastEvent(now, "y", new byte[0], false);
        assertTrue(next > mine);
    }

    @Test
    void aBurstOfCoalescableEventsGivesOneDeliveryOfTheNewestAfterTheWindow() {
        for (long t = 1; t <= 10; t++) {
            receive(event("peer", 100 + t, "config", true));
        }
        assertEquals(List.of(), userEvents(), "held during the window");
        advance(config.messaging().eventCoalesceWindow().toMillis() - 1);
        assertEquals(List.of(), userEvents());
        advance(1);
        List<UserEventReceived> got = userEvents();
        assertEquals(1, got.size(), got.toString());
        assertEquals(110, got.get(0).lamportTime(), "the newest wins");
        assertEquals(9, got.get(0).coalesced());
        assertArrayEquals("p110".getBytes(StandardCharsets.UTF_8), got.get(0).payload());
        assertEquals(10, core.pendingBroadcasts(), "every event is still passed on: others coalesce on their own");
    }

    @Test
    void aBurstOfPlainEventsGivesTenDeliveriesAtOnce() {
        for (long t = 1; t <= 10; t++) {
            receive(event("peer", 100 + t, "config", false));
        }
        assertEquals(10, userEvents().size());
        assertTrue(userEvents().stream().allMatch(e -> e.coalesced() == 0));
    }

    @Test
    void coalescingKeepsNamesApartAndAppliesToLocalBroadcastsToo() {
        core.broadcastEvent(now, "a", new byte[0], true);
        core.broadcastEvent(now, "a", new byte[0], true);
        long newestB = core.broadcastEvent(now, "b", new byte[0], true);
        receive(event("peer", 5, "a", true)); // older than both local "a" events
        drain();
        assertEquals(List.of(), userEvents());
        advance(config.messaging().eventCoalesceWindow().toMillis());
        List<UserEventReceived> got = userEvents();
        assertEquals(2, got.size(), got.toString());
        assertEquals("a", got.get(0).name());
        assertEquals(2, got.get(0).coalesced());
        assertEquals("self", got.get(0).originId());
        assertEquals(new UserEventReceived("b", new byte[0], "self", newestB, 0), got.get(1));
    }

    @Test
    void anEventOverTheLimitIsRefusedAndNothingIsSent() {
        int limit = config.limits().maxEventPayloadBytes();
        String name = "név"; // 4 UTF-8 bytes
        core.broadcastEvent(now, name, new byte[limit - 4], false); // exactly at the limit
        PayloadTooLargeException e = assertThrows(PayloadTooLargeException.class,
                () -> core.broadcastEvent(now, name, new byte[limit - 3], false));
        assertEquals(limit + 1, e.size());
        assertEquals(limit, e.limit());
        drain();
        assertEquals(1, userEvents().size());
        assertEquals(1, core.pendingBroadcasts());
        assertThrows(PayloadTooLargeException.class,
                () -> core.startQuery(now, "q", new byte[limit], Map.of(), List.of(), 1_000, false));
    }

    @Test
    void theSenderCannotChangeAnEventAfterBroadcastingIt() {
        byte[] payload = {1, 2, 3};
        core.broadcastEvent(now, "e", payload, false);
        payload[0] = 9;
        drain();
        assertArrayEquals(new byte[] {1, 2, 3}, userEvents().get(0).payload());
    }

    // ------------------------------------------------------------ queries

    private static QueryRumor query(long time, Map<String, String> tags, List<String> ids, long timeout) {
        return new QueryRumor(PEER, time, "who", new byte[] {7}, tags, ids, timeout, true);
    }

    @Test
    void aMatchingQueryIsListedOnceAndPassedOn() {
        QueryRumor q = query(9, Map.of("role", "web|db"), List.of(), 2_000);
        receive(q);
        receive(q);
        assertEquals(List.of(q), core.drainQueries());
        assertEquals(List.of(), core.drainQueries(), "drained");
        assertEquals(1, core.pendingBroadcasts());
        assertEquals(1, core.stats().queriesReceived());
    }

    @Test
    void aQueryNotAddressedHereIsPassedOnButNotListed() {
        receive(query(1, Map.of("role", "db"), List.of(), 2_000));
        receive(query(2, Map.of(), List.of("someone-else"), 2_000));
        receive(query(3, Map.of("role", "(unclosed"), List.of(), 2_000));
        assertEquals(List.of(), core.drainQueries());
        assertEquals(3, core.pendingBroadcasts(), "everyone passes queries on, matching or not");
        receive(query(4, Map.of("dc", "eu-\\d"), List.of("self"), 2_000));
        assertEquals(1, core.drainQueries().size());
    }

    @Test
    void anExpiredQueryIsDroppedAndALiveOneLeavesTheGossipQueueAtItsTimeout() {
        receive(query(1, Map.of(), List.of(), 0));
        assertEquals(List.of(), core.drainQueries());
        assertEquals(0, core.pendingBroadcasts());

        // A big cluster keeps rumors queued for many rounds; the query must not outlive its timeout.
        core.restoreMembers(now, manyMembers(2_000));
        receive(query(2, Map.of(), List.of(), 300));
        assertEquals(1, core.drainQueries().size());
        assertEquals(1, core.pendingBroadcasts());
        advance(299);
        assertEquals(1, core.pendingBroadcasts(), "still spreading before the timeout");
        advance(1);
        assertEquals(0, core.pendingBroadcasts(), "gone from the queue at the timeout");
        receive(query(2, Map.of(), List.of(), 300));
        assertEquals(List.of(), core.drainQueries(), "a late copy is still recognised");
    }

    @Test
    void aLocalQueryIsStampedGossipedAndListedHereWhenItMatches() {
        long id = core.startQuery(now, "who", new byte[0], Map.of("role", "web"), List.of(), 1_000, true);
        List<QueryRumor> mine = core.drainQueries();
        assertEquals(1, mine.size());
        assertEquals(new Origin("self", SELF_ADDR), mine.get(0).origin());
        assertEquals(id, mine.get(0).lamportTime());
        assertEquals(1, core.pendingBroadcasts());
        long other = core.startQuery(now, "who", new byte[0], Map.of("role", "db"), List.of(), 1_000, true);
        assertTrue(other > id);
        assertEquals(List.of(), core.drainQueries(), "does not match here");
        assertThrows(IllegalArgumentException.class,
                () -> core.startQuery(now, "who", new byte[0], Map.of(), List.of(), 0, true));
    }

    private static List<Member> manyMembers(int n) {
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            members.add(new Member("m" + i, "m" + i, new NodeAddress("10.1." + (i / 250) + "." + (i % 250), 7946),
                    Map.of(), MemberState.ALIVE, 0));
        }
        return members;
    }
}

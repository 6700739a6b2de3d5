package io.pekonode.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.api.spi.wire.Ping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Eager push, one core at a time: news goes out in the tick right after the input that brought it,
 * all news of one turn in one push, only on first receipt, and no faster than the rate bound; with
 * eager push off, news waits for the round.
 */
class EagerPushCoreTest {
    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final int PEERS = 20;
    private static final Origin PEER = new Origin("node-1", address(1));

    private final List<OutboundMessage> sent = new ArrayList<>();
    private long now = 1_000_000;

    private static NodeAddress address(int i) {
        return new NodeAddress("10.0.0." + (i + 1), 7946);
    }

    /** A started core that knows PEERS live members and has drained its start-up output. */
    private ProtocolCore core(boolean eager) {
        ClusterConfig config = ClusterConfig.lan().gossip(g -> g.eagerPush(eager)).build();
        ProtocolCore core = new ProtocolCore(config, new LocalNode("node-0", "node-0", address(0), Map.of(), 0), 1400,
                new SplittableRandom(7));
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= PEERS; i++) {
            members.add(new Member("node-" + i, "node-" + i, address(i), Map.of(), MemberState.ALIVE, 0));
        }
        core.restoreMembers(now, members);
        core.start(now);
        core.join(now, List.of());
        core.tick(now); // the start-up timers, so what follows sees only what the test does
        core.drainOutbound();
        now += 1;
        assertTrue(core.nextWakeupMillis() > now, "settled: nothing due");
        return core;
    }

    /** Runs the core's tick if it asked for one by now, as a driver does, and collects what it sent. */
    private void tickIfDue(ProtocolCore core) {
        if (core.nextWakeupMillis() <= now) {
            core.tick(now);
        }
        sent.addAll(core.drainOutbound());
    }

    private List<Gossip> gossipSent() {
        List<Gossip> out = new ArrayList<>();
        for (OutboundMessage m : sent) {
            if (m.message() instanceof Gossip g) {
                out.add(g);
            }
        }
        return out;
    }

    private static MetadataRumor write(String key, long physical) {
        return new MetadataRumor(new MetadataEntry(key, new byte[] {1}, new HlcTimestamp(physical, 0, "node-1")));
    }

    /** The transmit limit at 21 members (the floor of three digits) less one fanout. */
    private static int pushPackets(ClusterConfig config) {
        return config.gossip().retransmitMultiplier() * 3 - config.gossip().fanout();
    }

    @Test
    void writesOfOneTurnGoOutAtOnceInOnePushToDistinctMembers() {
        ProtocolCore core = core(true);
        core.publish(now, "a", new byte[] {1});
        core.publish(now, "b", new byte[] {2});
        core.publish(now, "c", new byte[] {3});
        assertTrue(core.drainOutbound().isEmpty(), "the writes themselves send nothing: the tick after the turn does");
        assertEquals(now, core.nextWakeupMillis(), "the core asks for a tick at once");

        tickIfDue(core);
        List<Gossip> push = gossipSent();
        assertEquals(pushPackets(LAN), push.size(), "one push: limit - fanout packets");
        Set<NodeAddress> targets = new HashSet<>();
        for (OutboundMessage m : sent) {
            targets.add(m.to());
        }
        assertEquals(push.size(), targets.size(), "to distinct members");
        for (Gossip g : push) {
            assertEquals(3, g.rumors().size(), "each packet carries all three writes: " + g.rumors());
        }
        assertEquals(1, core.stats().get(Counter.EAGER_PUSHES));
        assertTrue(core.nextWakeupMillis() > now, "nothing more is due now");
    }

    @Test
    void aRumorIsForwardedOnFirstReceiptOnly() {
        ProtocolCore core = core(true);
        core.receive(now, new Gossip(PEER, List.<Rumor>of(write("k", now))));
        tickIfDue(core);
        int first = gossipSent().size();
        assertEquals(pushPackets(LAN), first, "forwarded at once");

        now += 3;
        sent.clear();
        core.receive(now, new Gossip(PEER, List.<Rumor>of(write("k", now - 3))));
        assertTrue(core.nextWakeupMillis() > now, "a copy of news already held is no news");
        tickIfDue(core);
        assertEquals(List.of(), gossipSent());
        assertEquals(1, core.stats().get(Counter.EAGER_PUSHES));
    }

    /**
     * A stream of distinct news, one rumor per millisecond for ten gossip intervals: at most the
     * bucket (two pushes) plus two per interval go out eagerly, and none waits longer than one token's
     * refill (half an interval) before some packet carries it: what arrived meanwhile goes out together.
     */
    @Test
    void pushesAreRateBoundedAndNewsPastTheBoundStillGoesOutSoon() {
        ProtocolCore core = core(true);
        long interval = LAN.gossip().interval().toMillis();
        int intervals = 10;
        Map<String, Long> arrived = new HashMap<>();
        Map<String, Long> firstSent = new HashMap<>();
        long end = now + intervals * interval;
        for (int i = 0; now < end + interval; i++, now++) {
            if (now < end) {
                core.receive(now, new Gossip(PEER, List.<Rumor>of(write("k" + i, now))));
                arrived.put("k" + i, now);
            }
            sent.clear();
            tickIfDue(core);
            for (OutboundMessage m : sent) {
                List<Rumor> rumors = m.message() instanceof Gossip g ? g.rumors()
                        : m.message() instanceof Ping p ? p.rumors() : List.of();
                for (Rumor r : rumors) {
                    if (r instanceof MetadataRumor w) {
                        firstSent.putIfAbsent(w.entry().key(), now);
                    }
                }
            }
        }
        long pushes = core.stats().get(Counter.EAGER_PUSHES);
        assertTrue(pushes <= 2 + 2L * intervals, pushes + " pushes in " + intervals + " intervals");
        assertTrue(pushes >= 2L * intervals - 1, "the bound is used, not undercut: " + pushes);
        assertTrue(core.stats().get(Counter.EAGER_PUSHES_DEFERRED) > 0, "news did wait for a token");
        long longestWait = 0;
        for (Map.Entry<String, Long> e : arrived.entrySet()) {
            assertTrue(firstSent.containsKey(e.getKey()), e.getKey() + " was never sent");
            longestWait = Math.max(longestWait, firstSent.get(e.getKey()) - e.getValue());
        }
        assertTrue(longestWait <= interval / 2, "news waited up to " + longestWait + " ms");
    }

    @Test
    void withEagerPushOffNewsWaitsForTheRound() {
        ProtocolCore core = core(false);
        core.publish(now, "a", new byte[] {1});
        assertTrue(core.nextWakeupMillis() > now, "no tick asked for");
        core.receive(now, new Gossip(PEER, List.<Rumor>of(write("k", now))));
        assertTrue(core.nextWakeupMillis() > now, "no tick asked for");
        tickIfDue(core);
        assertEquals(List.of(), gossipSent());
        long received = now;
        while (gossipSent().isEmpty() && now <= received + LAN.gossip().interval().toMillis()) {
            now = core.nextWakeupMillis();
            tickIfDue(core);
        }
        assertTrue(now > received, "nothing went out before a later tick");
        assertTrue(now <= received + LAN.gossip().interval().toMillis(), "the round sent it within one interval");
        assertTrue(gossipSent().size() <= LAN.gossip().fanout(), "a round: fanout packets");
        assertEquals(0, core.stats().get(Counter.EAGER_PUSHES));
    }
}

package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.core.OutboundMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A tiny protocol to test the harness with: pings every known peer every ~100 ms (jittered by the node's
 * own random), acks pings, sends one reliable message on join, learns peers from origins and declares a
 * peer failed after 500 ms of silence. Ping sequence numbers carry the sender's send time so the tests
 * can measure latency.
 */
final class FakeProtocol implements NodeProtocol {

    static final long INTERVAL = 100;
    static final long SILENCE = 500;

    final LocalNode self;
    private final RandomGenerator random;
    private final Origin origin;
    private final Set<NodeAddress> peers = new LinkedHashSet<>();
    private final Map<String, Member> known = new LinkedHashMap<>();
    private final Map<String, Long> lastHeard = new LinkedHashMap<>();
    private List<OutboundMessage> outbound = new ArrayList<>();
    private List<ClusterEvent> events = new ArrayList<>();
    private long nextTick = Long.MAX_VALUE;

    /** Every (local time, message) received, in order. */
    final List<Received> received = new ArrayList<>();
    /** Local times of every tick. */
    final List<Long> ticks = new ArrayList<>();

    record Received(long localTime, WireMessage message) {
    }

    FakeProtocol(LocalNode self, RandomGenerator random) {
        this.self = self;
        this.random = random;
        this.origin = new Origin(self.id(), self.advertise());
    }

    @Override
    public void start(long nowMillis) {
        nextTick = nowMillis + INTERVAL;
    }

    @Override
    public void join(long nowMillis, List<NodeAddress> seeds) {
        for (NodeAddress seed : seeds) {
            peers.add(seed);
            outbound.add(new OutboundMessage(seed, new SyncRequest(origin, true, List.of(localMember()), MetadataDigest.EMPTY), true));
            outbound.add(new OutboundMessage(seed, new Ping(origin, nowMillis, "", List.of()), false));
        }
    }

    @Override
    public void receive(long nowMillis, WireMessage message) {
        received.add(new Received(nowMillis, message));
        Origin from = message.origin();
        peers.add(from.address());
        lastHeard.put(from.nodeId(), nowMillis);
        Member member = new Member(from.nodeId(), from.nodeId(), from.address(), Map.of(), MemberState.ALIVE, 0);
        Member previous = known.put(from.nodeId(), member);
        if (previous == null || previous.state() != MemberState.ALIVE) {
            events.add(new ClusterEvent.MemberJoined(member));
        }
        if (message instanceof Ping ping) {
            outbound.add(new OutboundMessage(from.address(), new Ack(origin, ping.seq(), List.of()), false));
        }
    }

    @Override
    public void tick(long nowMillis) {
        ticks.add(nowMillis);
        if (nowMillis < nextTick) {
            return;
        }
        for (NodeAddress peer : peers) {
            if (!peer.equals(self.advertise())) {
                outbound.add(new OutboundMessage(peer, new Ping(origin, nowMillis, "", List.of()), false));
            }
        }
        for (Map.Entry<String, Long> e : lastHeard.entrySet()) {
            Member m = known.get(e.getKey());
            if (m.state() == MemberState.ALIVE && nowMillis - e.getValue() > SILENCE) {
                Member dead = m.withState(MemberState.DEAD);
                known.put(m.id(), dead);
                events.add(new ClusterEvent.MemberFailed(dead));
            }
        }
        nextTick = nowMillis + INTERVAL + random.nextInt(10);
    }

    @Override
    public List<OutboundMessage> drainOutbound() {
        List<OutboundMessage> result = outbound;
        outbound = new ArrayList<>();
        return result;
    }

    @Override
    public List<ClusterEvent> drainEvents() {
        List<ClusterEvent> result = events;
        events = new ArrayList<>();
        return result;
    }

    @Override
    public long nextWakeupMillis() {
        return nextTick;
    }

    @Override
    public Member localMember() {
        return new Member(self.id(), self.name(), self.advertise(), self.tags(), MemberState.ALIVE, self.incarnation());
    }

    @Override
    public List<Member> members() {
        List<Member> all = new ArrayList<>(known.values());
        all.add(localMember());
        return all;
    }
}

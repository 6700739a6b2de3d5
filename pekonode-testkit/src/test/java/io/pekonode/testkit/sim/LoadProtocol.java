package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.core.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A constant-memory stand-in for the core, to measure the simulator's own cost at sizes the real core
 * cannot reach in one JVM: each period it pings one random node, and it acks every ping (SWIM's idle
 * traffic shape), with no member table.
 */
final class LoadProtocol implements NodeProtocol {

    private final LocalNode self;
    private final RandomGenerator random;
    private final Origin origin;
    private final int clusterSize;
    private final long period;
    private List<OutboundMessage> outbound = new ArrayList<>(2);
    private long nextProbe;
    private long seq;

    LoadProtocol(LocalNode self, RandomGenerator random, int clusterSize, long periodMillis) {
        this.self = self;
        this.random = random;
        this.origin = new Origin(self.id(), self.advertise());
        this.clusterSize = clusterSize;
        this.period = periodMillis;
    }

    @Override
    public void start(long nowMillis) {
        nextProbe = nowMillis + random.nextLong(period);
    }

    @Override
    public void join(long nowMillis, List<NodeAddress> seeds) {
    }

    @Override
    public void receive(long nowMillis, WireMessage message) {
        if (message instanceof Ping ping) {
            outbound.add(new OutboundMessage(ping.origin().address(), new Ack(origin, ping.seq(), List.of()), false));
        }
    }

    @Override
    public void tick(long nowMillis) {
        if (nowMillis >= nextProbe) {
            NodeAddress target = Simulation.addressFor(random.nextInt(clusterSize));
            outbound.add(new OutboundMessage(target, new Ping(origin, ++seq, "", List.of()), false));
            nextProbe = nowMillis + period;
        }
    }

    @Override
    public List<OutboundMessage> drainOutbound() {
        if (outbound.isEmpty()) {
            return List.of();
        }
        List<OutboundMessage> out = outbound;
        outbound = new ArrayList<>(2);
        return out;
    }

    @Override
    public List<ClusterEvent> drainEvents() {
        return List.of();
    }

    @Override
    public long nextWakeupMillis() {
        return nextProbe;
    }

    @Override
    public Member localMember() {
        return new Member(self.id(), self.name(), self.advertise(), self.tags(), MemberState.ALIVE, self.incarnation());
    }

    @Override
    public List<Member> members() {
        return List.of(localMember());
    }
}

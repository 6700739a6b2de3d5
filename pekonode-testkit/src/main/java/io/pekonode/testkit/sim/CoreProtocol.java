package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.core.ProtocolCore;
import java.util.List;

/** Adapts the real {@link ProtocolCore} to {@link NodeProtocol}: plain delegation, nothing added. */
final class CoreProtocol implements NodeProtocol {

    private final ProtocolCore core;

    CoreProtocol(ProtocolCore core) {
        this.core = core;
    }

    ProtocolCore core() {
        return core;
    }

    @Override
    public void start(long nowMillis) {
        core.start(nowMillis);
    }

    @Override
    public void join(long nowMillis, List<NodeAddress> seeds) {
        core.join(nowMillis, seeds);
    }

    @Override
    public void receive(long nowMillis, WireMessage message) {
        core.receive(nowMillis, message);
    }

    @Override
    public void tick(long nowMillis) {
        core.tick(nowMillis);
    }

    @Override
    public void connectionRefused(long nowMillis, NodeAddress address) {
        core.connectionRefused(nowMillis, address);
    }

    @Override
    public List<OutboundMessage> drainOutbound() {
        return core.drainOutbound();
    }

    @Override
    public List<ClusterEvent> drainEvents() {
        return core.drainEvents();
    }

    @Override
    public List<io.pekonode.engine.core.Timing> drainTimings() {
        return core.drainTimings();
    }

    @Override
    public long nextWakeupMillis() {
        return core.nextWakeupMillis();
    }

    @Override
    public Member localMember() {
        return core.localMember();
    }

    @Override
    public void restoreMembers(long nowMillis, List<Member> known) {
        core.restoreMembers(nowMillis, known);
    }

    @Override
    public List<Member> members() {
        return core.members();
    }
}

package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.OutboundMessage;
import java.util.List;

/**
 * What the simulator drives on each node: the input and output side of {@code ProtocolCore}. An
 * interface only so that the harness itself can be tested with a small fake through the very same
 * scheduling and network code; users always get {@link CoreProtocol}.
 */
interface NodeProtocol {

    void start(long nowMillis);

    void join(long nowMillis, List<NodeAddress> seeds);

    void receive(long nowMillis, WireMessage message);

    void tick(long nowMillis);

    /** A reliable message to {@code address} was refused: nothing listens there (a crashed process). */
    default void connectionRefused(long nowMillis, NodeAddress address) {
    }

    List<OutboundMessage> drainOutbound();

    List<ClusterEvent> drainEvents();

    long nextWakeupMillis();

    /** Durations measured since the last call; only the real core measures any. */
    default List<io.pekonode.engine.core.Timing> drainTimings() {
        return List.of();
    }

    Member localMember();

    List<Member> members();

    /** Installs known members without gossip or events (a pre-formed cluster); only the real core supports it. */
    default void restoreMembers(long nowMillis, List<Member> known) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore members");
    }
}

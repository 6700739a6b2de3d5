package io.pekonode.api.spi.wire;

import io.pekonode.api.NodeAddress;
import java.util.List;

/**
 * SWIM's ping-req: asks the receiver to probe {@code target} and relay the ack under {@code seq}.
 * With {@code nackWanted} (Lifeguard) the receiver answers {@link Nack} when the target stays silent,
 * so the requester can tell a dead target from its own missing packets.
 */
public record IndirectPing(Origin origin, long seq, String targetId, NodeAddress target, boolean nackWanted,
                           List<Rumor> rumors) implements WireMessage {
    public IndirectPing {
        rumors = List.copyOf(rumors);
    }
}

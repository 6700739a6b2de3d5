package io.pekonode.api.spi.wire;

import io.pekonode.api.NodeAddress;
import java.util.Objects;

/**
 * The sender of a message: its node id and the advertised address to answer to (which differs from
 * the socket's source address behind NAT, in Docker, and for every TCP connection).
 */
public record Origin(String nodeId, NodeAddress address) {
    public Origin {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
    }
}

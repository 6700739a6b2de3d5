package io.pekonode.engine.core;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.Objects;

/**
 * A message the core wants sent.
 *
 * @param reliable true for the reliable path (state exchange, oversized rumors), false for a packet
 */
public record OutboundMessage(NodeAddress to, WireMessage message, boolean reliable) {
    public OutboundMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
    }
}

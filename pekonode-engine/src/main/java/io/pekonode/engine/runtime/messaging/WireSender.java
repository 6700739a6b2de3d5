package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Encodes, seals and hands one message to the transport; thread-safe, never waits on the network.
 * The future completes when the transport took it (at once for packets) or fails when encoding, the
 * frame limit or the reliable path failed. A packet whose frame is too big goes reliably instead.
 */
@FunctionalInterface
public interface WireSender {
    CompletableFuture<Void> send(NodeAddress to, WireMessage message, boolean reliable);
}

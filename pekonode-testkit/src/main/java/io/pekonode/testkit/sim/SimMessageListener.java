package io.pekonode.testkit.sim;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.WireMessage;

/**
 * Sees every message a simulated node sends, when it is sent (before the network decides whether it
 * arrives), with the virtual time: what a test needs to check what the protocol put on the wire (a
 * rumor a ping carries, the spacing of retries). Called synchronously inside the simulation loop:
 * keep it quick, and change the simulation from it only through {@link Simulation#schedule}.
 */
@FunctionalInterface
public interface SimMessageListener {
    /**
     * @param reliable true for the reliable path (a stream connection), false for a packet
     */
    void onSend(long timeMillis, SimNode from, NodeAddress to, WireMessage message, boolean reliable);
}

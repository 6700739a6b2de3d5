package io.pekonode.api.spi.transport;

import java.net.InetSocketAddress;

/**
 * Receives what a transport read. Called from transport threads; implementations hand the data off
 * (the engine enqueues it) and return at once.
 */
public interface TransportListener {

    /** One packet as received. {@code source} is the socket peer, which may not be the sender's node address. */
    void onPacket(byte[] packet, InetSocketAddress source);

    /** One complete reliable message. */
    void onReliable(byte[] message, InetSocketAddress source);

    /** Input the transport itself rejected (oversized frame, broken framing); for counting. */
    default void onRejected(String reason, InetSocketAddress source) {
    }
}

package io.pekonode.api.spi.transport;

import io.pekonode.api.NodeAddress;
import java.net.InetSocketAddress;

/**
 * Receives what a transport read, and hears of what it refused or dropped. The engine's listener
 * hands data off (it decodes and enqueues) and counts the rest; it never blocks.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>Callbacks run on the transport's own threads, and may run <b>concurrently</b>: a transport
 *       with several receiving threads (the {@code udp} plugin reads datagrams on one thread and
 *       reliable frames on another) calls {@link #onPacket} and {@link #onReliable} at the same time.
 *       A transport need not serialise its callbacks; the listener is thread-safe.</li>
 *   <li>{@link #onSendDropped} may also run on the thread that called {@code sendPacket} or
 *       {@code sendReliable}, when the drop is known at the call (queue full, oversized, closed),
 *       and on the thread calling {@link Transport#close}, for what the close failed.</li>
 *   <li>Callbacks may start before {@link Transport#start} returns. Once {@link Transport#close}
 *       returned (called from outside a callback), no more {@link #onPacket} or {@link #onReliable}
 *       follows.</li>
 *   <li>A callback that throws must not stop the transport: catch, count and go on.</li>
 * </ul>
 *
 * <h2>What {@code source} means</h2>
 * {@code source} is the socket address the bytes came from, never an identity: the reply address of
 * a protocol message is inside the message. For datagrams it is the sender's socket, usually its
 * bound address. For anything read from a stream connection (reliable messages always, and packets
 * of a stream-only transport such as {@code tcp}) it is the remote end of the connection, whose port
 * is normally an ephemeral one chosen by the sender's operating system, not the sender's node
 * address. The engine uses {@code source} for per-host rate limiting and for logs only.
 */
public interface TransportListener {

    /** One packet as received. */
    void onPacket(byte[] packet, InetSocketAddress source);

    /** One complete reliable message, delivered in the order its sender sent it. */
    void onReliable(byte[] message, InetSocketAddress source);

    /**
     * Input the transport refused before delivering it (a frame too large, broken framing, a stalled
     * or surplus connection); one call per refusal, for counting.
     *
     * @param reason the kind of refusal, one series of the engine's drop meter
     * @param detail a short human-readable text with figures, for logs; may be empty
     * @param source where the refused input came from (see the class documentation)
     */
    default void onRejected(RejectReason reason, String detail, InetSocketAddress source) {
    }

    /**
     * An outgoing packet dropped, or an outgoing reliable message failed, by the transport; one call
     * per packet or message, for counting. A failed reliable message is reported here as well as
     * through its failed future.
     *
     * @param reason the kind of drop, one series of the engine's drop meter
     * @param to     the destination as the caller gave it
     * @param detail a short human-readable text with figures, for logs; may be empty
     */
    default void onSendDropped(SendDropReason reason, NodeAddress to, String detail) {
    }

    /**
     * A transport with circuit breakers stopped connecting to {@code peer} for a while, because
     * connects to it kept failing; one call per opening (and per re-opening after a failed trial).
     * Sends failed while it is open are reported as {@link SendDropReason#CIRCUIT_OPEN}.
     */
    default void onCircuitOpened(InetSocketAddress peer) {
    }
}

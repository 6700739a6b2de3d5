package io.pekonode.api.spi.transport;

import io.pekonode.api.NodeAddress;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Moves byte arrays between nodes along two paths, shaped after what a gossip protocol needs.
 *
 * <ul>
 *   <li><b>Packets</b> ({@link #sendPacket}): unreliable, unordered, at most {@link #maxPacketSize()}
 *       bytes, for probes and gossip. Losing one is normal.</li>
 *   <li><b>Reliable messages</b> ({@link #sendReliable}): delivered whole and in the order sent to
 *       one destination, or reported as failed, up to {@link TransportConfig#maxFrameSize()} bytes,
 *       for state exchange and large payloads.</li>
 * </ul>
 *
 * <h2>One address</h2>
 * Both paths are reached at the one {@link #localAddress()}: a node is known to its peers by a single
 * {@code host:port}, and peers send packets and reliable messages to that same address. A transport
 * that uses two protocols binds them to the same port number (the {@code udp} plugin listens for
 * UDP and TCP on one port).
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li>{@link TransportProvider#create} returns an unstarted transport; it holds no socket or
 *       thread yet.</li>
 *   <li>{@link #start} is called once. When it throws, the engine calls {@link #close()} next (and
 *       never {@code start} again): {@code close} must release whatever the failed start acquired,
 *       and must work on a transport that never bound anything.</li>
 *   <li>{@link #close()} releases every socket and thread before it returns, is idempotent, and may
 *       be called from any thread, a listener callback included. After it, sends drop or fail
 *       (reported as {@link SendDropReason#CLOSED}); they do not throw.</li>
 * </ol>
 *
 * <h2>Threads</h2>
 * {@link #sendPacket}, {@link #sendReliable}, {@link #localAddress()} and {@link #maxPacketSize()}
 * are called concurrently from many threads (the engine's loop, message handlers, callers of the
 * public API), and concurrently with {@link #close()}. Sends never block the caller on the network:
 * they queue and return, and a bounded queue that is full drops the packet or fails the message at
 * once. Host names in {@link NodeAddress} are resolved per send (or with a cache of a few seconds),
 * off the caller's thread, so DNS changes are followed. Received data goes to the
 * {@link TransportListener}, whose documentation says which callbacks may run concurrently.
 *
 * <h2>Counting</h2>
 * Everything the transport refuses or drops is reported to the listener with a typed reason
 * ({@link TransportListener#onRejected}, {@link TransportListener#onSendDropped}), which the engine
 * counts in its drop meter; nothing is thrown for network conditions.
 */
public interface Transport extends AutoCloseable {

    /**
     * Binds the configured address and starts delivering received data to {@code listener}.
     *
     * @throws IOException           when the address cannot be bound (in use, not local, ...)
     * @throws IllegalStateException when called a second time, or after {@link #close()}
     */
    void start(TransportListener listener) throws IOException;

    /** The bound address, with an ephemeral port resolved; valid after {@link #start}. */
    NodeAddress localAddress();

    /** The largest packet {@link #sendPacket} accepts, in bytes. */
    int maxPacketSize();

    /**
     * Sends one packet, best effort. Oversized packets, unresolved hosts, full queues and failed
     * connections drop it, reported through {@link TransportListener#onSendDropped}; nothing is
     * thrown for network conditions. The array is the transport's from now on: the caller does not
     * change it.
     *
     * @throws IllegalStateException before {@link #start}
     */
    void sendPacket(NodeAddress to, byte[] packet);

    /**
     * Sends one message over the reliable path. The future completes when the message was handed to
     * the operating system in full, or exceptionally (connect failure, timeout, queue full, closed),
     * and each failure is also reported through {@link TransportListener#onSendDropped}. Failures
     * known at the call come back as an already failed future, never as an exception. The array is
     * the transport's from now on.
     *
     * @throws IllegalStateException before {@link #start}
     */
    CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message);

    @Override
    void close();
}

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
 *   <li><b>Reliable messages</b> ({@link #sendReliable}): delivered whole and in order per peer or
 *       reported as failed, up to {@link TransportConfig#maxFrameSize()} bytes, for state exchange
 *       and large payloads.</li>
 * </ul>
 *
 * <p>Contract:
 * <ul>
 *   <li>Send methods never block the caller on the network: they queue and return. When a bounded
 *       queue is full, the send is dropped (packets) or failed (reliable), never waited for.</li>
 *   <li>Received data goes to the {@link TransportListener} from the transport's own threads; the
 *       listener must return quickly.</li>
 *   <li>Hostnames in {@link NodeAddress} are resolved per send (or with a short cache), so DNS
 *       changes are followed.</li>
 *   <li>{@link #close()} releases every socket and thread and is idempotent.</li>
 * </ul>
 */
public interface Transport extends AutoCloseable {

    /**
     * Binds the configured address and starts delivering received data to {@code listener}.
     *
     * @throws IOException when the address cannot be bound (in use, not local, ...)
     */
    void start(TransportListener listener) throws IOException;

    /** The bound address, with an ephemeral port resolved; valid after {@link #start}. */
    NodeAddress localAddress();

    /** The largest packet {@link #sendPacket} accepts, in bytes. */
    int maxPacketSize();

    /**
     * Sends one packet, best effort. Oversized packets, unresolved hosts and full queues are dropped
     * (and should be counted by the implementation); nothing is thrown for network conditions.
     */
    void sendPacket(NodeAddress to, byte[] packet);

    /**
     * Sends one message over the reliable path. The future completes when the message was handed to
     * the operating system in full, or exceptionally (connect failure, timeout, queue full, closed).
     */
    CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message);

    @Override
    void close();
}

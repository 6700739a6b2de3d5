package io.pekonode.testkit.memory;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One node's end of an {@link InMemoryNetwork}, following the transport contract: sends before
 * {@link #start} throw, later ones never do; oversized sends and sends after {@link #close()} are
 * reported to the listener ({@link SendDropReason#OVERSIZED}, {@link SendDropReason#CLOSED}); a
 * reliable send to an address nothing is bound to fails as {@link SendDropReason#CONNECTION_REFUSED},
 * one across an isolation as {@link SendDropReason#CONNECT_FAILED};
 * a packet to nobody is lost silently, as a datagram would be.
 *
 * <p>Delivery runs the receiver's listener on the sender's thread. A receiving listener that throws
 * is logged and never reaches the sender. {@link #close()} waits for callbacks running on other
 * threads, so none starts or runs once it returned (unless it was called from one of them).
 */
final class InMemoryTransport implements Transport {

    private static final Logger LOG = LogManager.getLogger(InMemoryTransport.class);

    private final InMemoryNetwork network;
    private final TransportConfig config;
    /** Callbacks hold the read lock; close takes the write lock to wait for those in flight. */
    private final ReentrantReadWriteLock callbacks = new ReentrantReadWriteLock();
    private volatile TransportListener listener;
    private volatile NodeAddress address;
    private volatile boolean closed;

    InMemoryTransport(InMemoryNetwork network, TransportConfig config) {
        this.network = network;
        this.config = config;
    }

    @Override
    public synchronized void start(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (address != null || closed) {
            throw new IllegalStateException("transport already started or closed");
        }
        this.listener = listener; // before binding: peers may deliver as soon as the address is bound
        address = network.bind(config.bind(), this);
    }

    @Override
    public NodeAddress localAddress() {
        return started();
    }

    @Override
    public int maxPacketSize() {
        return config.maxPacketSize();
    }

    @Override
    public void sendPacket(NodeAddress to, byte[] packet) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(packet, "packet");
        NodeAddress from = started();
        if (closed) {
            sendDropped(SendDropReason.CLOSED, to, "transport closed");
        } else if (packet.length > config.maxPacketSize()) {
            sendDropped(SendDropReason.OVERSIZED, to, "a " + packet.length + "-byte packet is over the "
                    + config.maxPacketSize() + "-byte limit");
        } else {
            network.deliver(from, to, packet, false); // not delivered: lost on the way, like a datagram
        }
    }

    @Override
    public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        NodeAddress from = started();
        if (closed) {
            return reliableFailed(SendDropReason.CLOSED, to,
                    new IOException("reliable send to " + to + " failed: transport closed"));
        }
        if (message.length > config.maxFrameSize()) {
            return reliableFailed(SendDropReason.OVERSIZED, to,
                    new PayloadTooLargeException("reliable message to " + to, message.length, config.maxFrameSize()));
        }
        if (!network.deliver(from, to, message, true)) {
            SendDropReason why = network.undelivered(from, to);
            return reliableFailed(why, to, new IOException("reliable send to " + to + " failed: "
                    + (why == SendDropReason.CONNECTION_REFUSED ? "nothing listens there" : "it is isolated or closing")));
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Hands bytes a peer sent to the listener, unless this transport is closed.
     *
     * @return false when closed: for the sender, nothing listens here
     */
    boolean receive(byte[] data, InetSocketAddress source, boolean reliable) {
        ReentrantReadWriteLock.ReadLock lock = callbacks.readLock();
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            try {
                if (reliable) {
                    listener.onReliable(data, source);
                } else {
                    listener.onPacket(data, source);
                }
            } catch (RuntimeException e) {
                LOG.warn("transport listener of {} threw on {} from {}", address, reliable ? "onReliable" : "onPacket",
                        source, e);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private NodeAddress started() {
        NodeAddress a = address;
        if (a == null) {
            throw new IllegalStateException("transport not started");
        }
        return a;
    }

    private CompletableFuture<Void> reliableFailed(SendDropReason reason, NodeAddress to, Exception failure) {
        sendDropped(reason, to, failure.getMessage());
        return CompletableFuture.failedFuture(failure);
    }

    /** Tells the own listener of a drop, on the sender's thread; a listener that throws is logged, never felt. */
    private void sendDropped(SendDropReason reason, NodeAddress to, String detail) {
        try {
            listener.onSendDropped(reason, to, detail);
        } catch (RuntimeException e) {
            LOG.warn("transport listener of {} threw on onSendDropped", address, e);
        }
    }

    @Override
    public void close() {
        NodeAddress bound;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            bound = address;
        }
        if (bound != null) {
            network.unbind(bound, this);
        }
        // From one of our own callbacks the wait would never end; the contract exempts that case.
        if (callbacks.getReadHoldCount() == 0) {
            callbacks.writeLock().lock();
            callbacks.writeLock().unlock();
        }
    }
}

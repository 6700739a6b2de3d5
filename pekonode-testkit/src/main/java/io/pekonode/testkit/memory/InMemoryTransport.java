package io.pekonode.testkit.memory;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One node's end of an {@link InMemoryNetwork}. Follows the transport contract: oversized packets
 * are dropped (and counted), a reliable send to nobody fails its future, nothing throws for
 * network conditions, and {@link #close()} frees the address for the next bind.
 */
final class InMemoryTransport implements Transport {

    private final InMemoryNetwork network;
    private final TransportConfig config;
    private final LongAdder droppedPackets = new LongAdder();
    private volatile NodeAddress address;
    private volatile boolean closed;

    InMemoryTransport(InMemoryNetwork network, TransportConfig config) {
        this.network = network;
        this.config = config;
    }

    @Override
    public synchronized void start(TransportListener listener) throws IOException {
        if (address != null || closed) {
            throw new IllegalStateException("transport already started or closed");
        }
        address = network.bind(config.bind(), listener);
    }

    @Override
    public NodeAddress localAddress() {
        NodeAddress a = address;
        if (a == null) {
            throw new IllegalStateException("transport not started");
        }
        return a;
    }

    @Override
    public int maxPacketSize() {
        return config.maxPacketSize();
    }

    @Override
    public void sendPacket(NodeAddress to, byte[] packet) {
        if (closed || address == null || packet.length > config.maxPacketSize()
                || !network.deliver(address, to, packet, false)) {
            droppedPackets.increment();
        }
    }

    @Override
    public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
        if (closed || address == null) {
            return CompletableFuture.failedFuture(new IOException("transport closed"));
        }
        if (message.length > config.maxFrameSize()) {
            return CompletableFuture.failedFuture(new IOException("message of " + message.length
                    + " bytes exceeds the frame limit of " + config.maxFrameSize()));
        }
        if (!network.deliver(address, to, message, true)) {
            return CompletableFuture.failedFuture(new IOException("connection refused: " + to));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Packets this transport dropped (oversized, unreachable, isolated or after close). */
    long droppedPackets() {
        return droppedPackets.sum();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (address != null) {
                network.unbind(address);
            }
        }
    }
}

package io.pekonode.transport.tcp;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.transport.stream.FramedStreamEndpoint;
import io.pekonode.transport.stream.StreamCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code tcp} transport: packets and reliable messages both travel as frames of one
 * {@link FramedStreamEndpoint}, over connections reused per peer. Packets therefore arrive in
 * order and are rarely lost, but they are still treated as best effort: a full queue or a failed
 * connection drops them silently (counted).
 *
 * <p>Lifecycle: {@link #start} may be called once; a second call, or a call after {@link #close},
 * throws {@link IllegalStateException}. {@link #close} is idempotent.
 */
public final class TcpTransport implements Transport {

    private final TransportConfig config;
    private volatile FramedStreamEndpoint endpoint;
    private boolean started;
    private boolean closed;

    public TcpTransport(TransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public synchronized void start(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("tcp transport is closed and cannot be restarted");
        }
        if (started) {
            throw new IllegalStateException("tcp transport already started on " + localAddress());
        }
        NodeAddress bind = config.bind();
        endpoint = FramedStreamEndpoint.open(config, new InetSocketAddress(bind.host(), bind.port()), listener);
        started = true;
    }

    @Override
    public NodeAddress localAddress() {
        return NodeAddress.of(running().localAddress());
    }

    @Override
    public int maxPacketSize() {
        return config.maxPacketSize();
    }

    @Override
    public void sendPacket(NodeAddress to, byte[] packet) {
        running().sendPacket(to, packet);
    }

    @Override
    public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
        return running().sendReliable(to, message);
    }

    /** Counters of the underlying endpoint; all zero before start. */
    public StreamCounters counters() {
        FramedStreamEndpoint current = endpoint;
        return current == null ? StreamCounters.ZERO : current.counters();
    }

    private FramedStreamEndpoint running() {
        FramedStreamEndpoint current = endpoint;
        if (current == null) {
            throw new IllegalStateException("tcp transport not started");
        }
        return current;
    }

    @Override
    public void close() {
        FramedStreamEndpoint current;
        synchronized (this) {
            closed = true;
            current = endpoint;
        }
        if (current != null) {
            current.close();
        }
    }
}

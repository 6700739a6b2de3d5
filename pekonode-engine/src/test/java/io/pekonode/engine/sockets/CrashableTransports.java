package io.pekonode.engine.sockets;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Wraps a real transport provider so a test can make a node vanish like a crashed process: its
 * sockets close at once, it sends nothing more and says no goodbye. Passed to the engine as an
 * explicit provider, which shadows the discovered one of the same name: no hook in production code.
 */
public final class CrashableTransports implements TransportProvider {

    private final TransportProvider delegate;
    private volatile CrashableTransport last;

    public CrashableTransports(TransportProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Transport create(TransportConfig config) {
        CrashableTransport t = new CrashableTransport(delegate.create(config));
        last = t;
        return t;
    }

    /** Crashes the transport this provider created last. */
    public void crash() {
        last.crash();
    }

    private static final class CrashableTransport implements Transport {
        private final Transport real;
        private volatile boolean crashed;

        CrashableTransport(Transport real) {
            this.real = real;
        }

        void crash() {
            crashed = true;
            real.close();
        }

        @Override
        public void start(TransportListener listener) throws IOException {
            real.start(listener);
        }

        @Override
        public NodeAddress localAddress() {
            return real.localAddress();
        }

        @Override
        public int maxPacketSize() {
            return real.maxPacketSize();
        }

        @Override
        public void sendPacket(NodeAddress to, byte[] packet) {
            if (!crashed) {
                real.sendPacket(to, packet);
            }
        }

        @Override
        public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
            return crashed ? CompletableFuture.failedFuture(new IOException("crashed")) : real.sendReliable(to, message);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}

package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.PekoNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The transport SPI promises {@code close()} after a failed {@code start()}, whatever it threw. */
class TransportStartFailureTest {

    /** A transport whose start fails with the given exception, counting the closes it gets. */
    private static final class FailingTransport implements Transport {
        final AtomicInteger closes = new AtomicInteger();
        private final Exception failure;

        FailingTransport(Exception failure) {
            this.failure = failure;
        }

        @Override
        public void start(TransportListener listener) throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }

        @Override
        public NodeAddress localAddress() {
            throw new IllegalStateException("not started");
        }

        @Override
        public int maxPacketSize() {
            return 1400;
        }

        @Override
        public void sendPacket(NodeAddress to, byte[] packet) {
            throw new IllegalStateException("not started");
        }

        @Override
        public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
            throw new IllegalStateException("not started");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static PekoNode nodeWith(FailingTransport transport) {
        TransportProvider provider = new TransportProvider() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Transport create(TransportConfig config) {
                return transport;
            }
        };
        ClusterConfig config = ClusterConfig.local().transport("failing").bind(new NodeAddress("127.0.0.1", 0)).build();
        return PekoNode.builder(config).transportProvider(provider).build();
    }

    @Test
    void aStartThatCannotBindIsFollowedByClose() {
        FailingTransport transport = new FailingTransport(new BindException("address in use"));
        try (PekoNode node = nodeWith(transport)) {
            assertThrows(UncheckedIOException.class, node::start);
        }
        assertEquals(1, transport.closes.get());
    }

    @Test
    void aStartThatThrowsAnUncheckedExceptionIsFollowedByCloseToo() {
        IllegalArgumentException bug = new IllegalArgumentException("plugin bug");
        FailingTransport transport = new FailingTransport(bug);
        try (PekoNode node = nodeWith(transport)) {
            assertSame(bug, assertThrows(IllegalArgumentException.class, node::start));
        }
        assertEquals(1, transport.closes.get());
    }
}

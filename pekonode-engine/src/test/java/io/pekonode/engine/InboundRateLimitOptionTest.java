package io.pekonode.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.LimitsConfig;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.metrics.DropReason;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The config's {@code limits().inboundRateLimit()} reaches the node's inbound path, and bad values fail at once. */
class InboundRateLimitOptionTest {

    private static final InetSocketAddress FLOODER = new InetSocketAddress("10.0.0.66", 7946);
    private static final byte[] JUNK = "not a frame".getBytes(StandardCharsets.UTF_8);

    /** Hands the node's listener to the test, so frames can be fed in as if received. */
    private static final class CapturingTransport implements Transport, TransportProvider {
        volatile TransportListener listener;

        @Override
        public String name() {
            return "capture";
        }

        @Override
        public Transport create(TransportConfig config) {
            return this;
        }

        @Override
        public void start(TransportListener l) {
            listener = l;
        }

        @Override
        public NodeAddress localAddress() {
            return new NodeAddress("127.0.0.1", 7946);
        }

        @Override
        public int maxPacketSize() {
            return 1400;
        }

        @Override
        public void sendPacket(NodeAddress to, byte[] packet) {
        }

        @Override
        public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }

    private static long rateLimitedOf(int frames, Integer limit) {
        CapturingTransport transport = new CapturingTransport();
        ClusterConfig.Builder config = TestClusters.fast().transport("capture").bind(new NodeAddress("127.0.0.1", 7946))
                .lifecycle(lc -> lc.closeLeaveTimeout(java.time.Duration.ZERO));
        if (limit != null) {
            config.limits(l -> l.inboundRateLimit(limit));
        }
        try (PekoNode node = PekoNode.builder(config.build()).transportProvider(transport).build().start()) {
            for (int i = 0; i < frames; i++) {
                transport.listener.onPacket(JUNK, FLOODER);
            }
            long limited = node.metrics().droppedCount(DropReason.RATE_LIMITED);
            long junk = node.metrics().droppedByReason().entrySet().stream()
                    .filter(e -> !e.getKey().equals(DropReason.RATE_LIMITED)).mapToLong(e -> e.getValue()).sum();
            assertEquals(frames, limited + junk, "every frame is either rate-limited or rejected as junk");
            return limited;
        }
    }

    @Test
    void aLowLimitCutsAFloodFromOneHost() {
        // Burst of 10, then 10/s: of 1,000 frames fed in well under a second, about 990 are cut off.
        long limited = rateLimitedOf(1_000, 10);
        assertTrue(limited >= 900 && limited <= 990, "rate-limited " + limited);
    }

    @Test
    void theDefaultLetsAModestBurstThroughAndZeroTurnsTheLimitOff() {
        assertEquals(0, rateLimitedOf(LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT / 2, null));
        assertEquals(0, rateLimitedOf(LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT * 5, 0));
    }

    @Test
    void aNegativeLimitIsRejectedByTheBuilder() {
        LimitsConfig.Builder builder = LimitsConfig.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.inboundRateLimit(-1));
        assertTrue(e.getMessage().contains("0 (off) or positive"), e.getMessage());
        builder.inboundRateLimit(0).inboundRateLimit(Integer.MAX_VALUE); // both ends are valid
    }
}

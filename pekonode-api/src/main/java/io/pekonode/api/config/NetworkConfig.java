package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * What the node asks of its transport: packet and frame sizes, the reliable path's timeouts and its
 * connection bounds. The engine hands these to the transport plugin as its
 * {@link io.pekonode.api.spi.transport.TransportConfig}, so every plugin reads the same values from
 * here. The {@link Builder} setters state each setting's trade-off.
 *
 * @param maxPacketSize         largest packet sent (default 1400 bytes)
 * @param maxFrameSize          largest reliable message sent or accepted (default 8 MiB)
 * @param connectTimeout        reliable-path connect timeout (default 2 s)
 * @param ioTimeout             deadline for reading or writing one reliable frame (default 10 s)
 * @param idleConnectionTimeout reliable connections unused this long are closed (default 60 s)
 * @param maxConnections        reliable connections kept at once, inbound and outbound (default 256)
 */
public record NetworkConfig(int maxPacketSize, int maxFrameSize, Duration connectTimeout, Duration ioTimeout,
                           Duration idleConnectionTimeout, int maxConnections) {

    /** Smallest packet budget that still carries a probe with a few rumors. */
    public static final int MIN_PACKET_SIZE = 256;
    /**
     * Least bytes queued per peer before sends fail fast: room for a burst of pushes and replies,
     * and never below two whole frames, so one large frame cannot block the next.
     */
    public static final long MIN_SEND_QUEUE_BYTES = 16L * 1024 * 1024;
    private static final int FRAMES_PER_SEND_QUEUE = 2;

    /** @throws IllegalArgumentException for a value out of range, or frames smaller than packets */
    public NetworkConfig {
        positive(connectTimeout, "connectTimeout");
        positive(ioTimeout, "ioTimeout");
        positive(idleConnectionTimeout, "idleConnectionTimeout");
        atLeast(maxConnections, 1, "maxConnections");
        if (maxPacketSize < MIN_PACKET_SIZE || maxFrameSize < maxPacketSize) {
            throw new IllegalArgumentException("maxPacketSize must be >= " + MIN_PACKET_SIZE
                    + " and maxFrameSize >= maxPacketSize");
        }
    }

    /** The LAN defaults. */
    public static NetworkConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the LAN defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Bytes a transport may queue per peer before further sends fail fast: two whole frames, and at
     * least {@link #MIN_SEND_QUEUE_BYTES}. Derived, not set.
     */
    public int sendQueueLimit() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_SEND_QUEUE_BYTES, (long) FRAMES_PER_SEND_QUEUE * maxFrameSize));
    }

    /** Mutable builder of {@link NetworkConfig}; starts from the LAN defaults. */
    public static final class Builder {
        private int maxPacketSize = 1400;
        private int maxFrameSize = 8 * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration ioTimeout = Duration.ofSeconds(10);
        private Duration idleConnectionTimeout = Duration.ofSeconds(60);
        private int maxConnections = 256;

        private Builder() {
        }

        private Builder(NetworkConfig c) {
            maxPacketSize = c.maxPacketSize;
            maxFrameSize = c.maxFrameSize;
            connectTimeout = c.connectTimeout;
            ioTimeout = c.ioTimeout;
            idleConnectionTimeout = c.idleConnectionTimeout;
            maxConnections = c.maxConnections;
        }

        /**
         * Largest UDP packet sent (Go's Size, which was the read buffer). Larger packets carry more
         * gossip per round but risk IP fragmentation above the path MTU; 1400 is safe on Ethernet.
         * At least {@value NetworkConfig#MIN_PACKET_SIZE}. Default 1400 bytes.
         */
        public Builder maxPacketSize(int bytes) {
            this.maxPacketSize = bytes;
            return this;
        }

        /**
         * Largest reliable message (push-pull state, big values, direct messages), sent or accepted.
         * Bounds memory per connection; must hold the largest metadata value and message with room for
         * their headers. Default 8 MiB.
         */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = bytes;
            return this;
        }

        /** Reliable-path connect timeout. Short fails fast on dead peers; too short fails on slow links. Default 2 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /**
         * Read/write deadline of a reliable frame; slow or stuck peers are disconnected after it.
         * Short frees connections held by stalled peers sooner; too short cuts off large frames on
         * slow links. Default 10 s.
         */
        public Builder ioTimeout(Duration d) {
            this.ioTimeout = d;
            return this;
        }

        /**
         * Reliable connections unused this long are closed. Pushes and pulls come every 30 s on a LAN,
         * so the default keeps a peer's connection for the next one; shorter frees sockets sooner at
         * the cost of more connects. Default 60 s.
         */
        public Builder idleConnectionTimeout(Duration d) {
            this.idleConnectionTimeout = d;
            return this;
        }

        /**
         * Reliable connections kept at once, inbound and outbound together (inbound ones may take at
         * most three quarters). A node talks reliably to a few peers at a time, not to all N; the
         * bound keeps a flood of connections from exhausting file descriptors. Default 256.
         */
        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link NetworkConfig} constructor */
        public NetworkConfig build() {
            return new NetworkConfig(maxPacketSize, maxFrameSize, connectTimeout, ioTimeout, idleConnectionTimeout,
                    maxConnections);
        }
    }
}

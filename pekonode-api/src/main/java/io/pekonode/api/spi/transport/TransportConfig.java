package io.pekonode.api.spi.transport;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.NetworkConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings every transport understands. The engine derives them from the node's
 * {@link io.pekonode.api.config.ClusterConfig} ({@link #of}), so a plugin carries no defaults of
 * its own.
 *
 * @param bind            address to listen on (port 0 for an ephemeral port)
 * @param maxPacketSize   packet budget in bytes; 1400 keeps UDP under common MTUs
 * @param maxFrameSize    largest reliable message accepted or sent; bigger frames are refused
 * @param connectTimeout  how long a reliable connection attempt may take
 * @param ioTimeout       how long a started frame may take to read or write before the connection is dropped
 * @param idleTimeout     reliable connections unused this long are closed
 * @param maxConnections  inbound plus outbound reliable connections kept at once
 * @param sendQueueLimit  bytes queued per peer before further sends fail fast
 */
public record TransportConfig(NodeAddress bind, int maxPacketSize, int maxFrameSize, Duration connectTimeout,
                              Duration ioTimeout, Duration idleTimeout, int maxConnections, int sendQueueLimit) {

    public TransportConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxPacketSize < 64 || maxPacketSize > 65_507) {
            throw new IllegalArgumentException("maxPacketSize must be 64..65507: " + maxPacketSize);
        }
        if (maxFrameSize < maxPacketSize) {
            throw new IllegalArgumentException("maxFrameSize must be at least maxPacketSize");
        }
        if (maxConnections < 1 || sendQueueLimit < maxFrameSize) {
            throw new IllegalArgumentException("maxConnections must be >= 1 and sendQueueLimit >= maxFrameSize");
        }
    }

    /** The transport settings of a node bound to {@code bind} with {@code network} settings. */
    public static TransportConfig of(NodeAddress bind, NetworkConfig network) {
        return new TransportConfig(bind, network.maxPacketSize(), network.maxFrameSize(), network.connectTimeout(),
                network.ioTimeout(), network.idleConnectionTimeout(), network.maxConnections(), network.sendQueueLimit());
    }

    /** The default network settings ({@link NetworkConfig#defaults()}), for tests: 1400-byte packets, 8 MiB frames. */
    public static TransportConfig defaults(NodeAddress bind) {
        return of(bind, NetworkConfig.defaults());
    }

    public TransportConfig withBind(NodeAddress newBind) {
        return new TransportConfig(newBind, maxPacketSize, maxFrameSize, connectTimeout, ioTimeout, idleTimeout,
                maxConnections, sendQueueLimit);
    }
}

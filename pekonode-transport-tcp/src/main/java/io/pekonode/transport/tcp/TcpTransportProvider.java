package io.pekonode.transport.tcp;

import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportProvider;

/**
 * Provides the {@code tcp} transport ({@link TcpTransport}): every message, packets included, as a
 * length-prefixed frame on a reused TCP connection. Choose it where UDP is blocked or lossy. It
 * reads no plugin-specific options.
 */
public final class TcpTransportProvider implements TransportProvider {

    /** The name users select this transport by. */
    public static final String NAME = "tcp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "tcp: packets and reliable messages as length-prefixed frames on reused TCP connections";
    }

    @Override
    public Transport create(TransportConfig config) {
        return new TcpTransport(config);
    }
}

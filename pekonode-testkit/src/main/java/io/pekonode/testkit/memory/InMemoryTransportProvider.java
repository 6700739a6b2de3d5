package io.pekonode.testkit.memory;

import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportProvider;
import java.util.Objects;

/** Creates transports on one {@link InMemoryNetwork}; select it with the transport name {@value #NAME}. */
public final class InMemoryTransportProvider implements TransportProvider {

    public static final String NAME = "memory";

    private final InMemoryNetwork network;

    public InMemoryTransportProvider(InMemoryNetwork network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "in-memory transport for tests (one JVM, no sockets)";
    }

    @Override
    public Transport create(TransportConfig config) {
        return new InMemoryTransport(network, config);
    }
}

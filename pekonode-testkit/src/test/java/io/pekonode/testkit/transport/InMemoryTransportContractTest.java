package io.pekonode.testkit.transport;

import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.testkit.memory.InMemoryNetwork;

/** The {@code memory} transport against the transport contract, each test on a network of its own. */
class InMemoryTransportContractTest extends TransportContractTest {

    @Override
    protected TransportProvider provider() {
        return new InMemoryNetwork().provider();
    }
}

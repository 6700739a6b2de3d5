package io.pekonode.testkit.transport;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.transport.tcp.TcpTransportProvider;
import java.io.IOException;
import java.util.Optional;

/** The {@code tcp} transport against the transport contract. */
class TcpTransportContractTest extends TransportContractTest {

    @Override
    protected TransportProvider provider() {
        return new TcpTransportProvider();
    }

    @Override
    protected Optional<RejectReason> sendRefusedInput(NodeAddress target) throws IOException {
        return Optional.of(FramedInput.sendFrameTooLarge(target));
    }
}

package io.pekonode.testkit.transport;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.transport.udp.UdpTransportProvider;
import java.io.IOException;
import java.util.Optional;

/** The {@code udp} transport against the transport contract; its reliable path is the framed stream engine. */
class UdpTransportContractTest extends TransportContractTest {

    @Override
    protected TransportProvider provider() {
        return new UdpTransportProvider();
    }

    @Override
    protected Optional<RejectReason> sendRefusedInput(NodeAddress target) throws IOException {
        return Optional.of(FramedInput.sendFrameTooLarge(target));
    }
}

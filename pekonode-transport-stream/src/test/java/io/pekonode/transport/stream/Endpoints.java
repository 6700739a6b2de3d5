package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Endpoints of the stream engine on 127.0.0.1, for its own tests. */
final class Endpoints {

    private Endpoints() {
    }

    /** An endpoint on 127.0.0.1 with an ephemeral port. */
    static FramedStreamEndpoint open(TransportConfig config, TransportListener listener) throws IOException {
        return FramedStreamEndpoint.open(config, new InetSocketAddress("127.0.0.1", 0), listener);
    }

    /** Where peers reach {@code endpoint}. */
    static NodeAddress addressOf(FramedStreamEndpoint endpoint) {
        return NodeAddress.of(endpoint.localAddress());
    }
}

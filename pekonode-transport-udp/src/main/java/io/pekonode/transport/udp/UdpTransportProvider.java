package io.pekonode.transport.udp;

import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportProvider;

/**
 * Provides the {@code udp} transport ({@link UdpTransport}), the default: probes and gossip as UDP
 * datagrams of at most {@code maxPacketSize} bytes, and reliable messages over TCP.
 *
 * <p>Why both protocols: push-pull state exchange and large payloads need a path that delivers whole
 * messages in order or reports failure, which UDP cannot do. Like hashicorp/memberlist, the plugin
 * listens for TCP on the same port number as its UDP socket, so a node keeps a single
 * {@code host:port} identity and a firewall needs one port number opened for UDP and TCP. The TCP side
 * is the framed stream engine ({@link io.pekonode.transport.stream.FramedStreamEndpoint}) that the
 * {@code tcp} plugin also uses, so both plugins share one implementation of framing, timeouts and
 * limits. It reads no plugin-specific options.
 */
public final class UdpTransportProvider implements TransportProvider {

    /** The name users select this transport by. */
    public static final String NAME = "udp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "udp: packets as UDP datagrams, reliable messages over TCP on the same port";
    }

    @Override
    public Transport create(TransportConfig config) {
        return new UdpTransport(config);
    }
}

/**
 * The TCP transport plugin ({@code tcp}): packets and reliable messages as length-prefixed frames on
 * reused connections, driven by one NIO selector thread per transport (the framed stream engine of
 * {@code io.pekonode.transport.stream}).
 *
 * <p>Nothing is exported: the engine reaches the transport through the
 * {@link io.pekonode.api.spi.transport.TransportProvider} service under the name {@code tcp}.
 */
module io.pekonode.transport.tcp {
    requires io.pekonode.api;
    requires io.pekonode.transport.stream;

    provides io.pekonode.api.spi.transport.TransportProvider with io.pekonode.transport.tcp.TcpTransportProvider;
}

/**
 * The TCP transport plugin ({@code tcp}): packets and reliable messages as length-prefixed frames on
 * reused connections, driven by one NIO selector thread per transport.
 *
 * <p>The framed stream engine ({@link io.pekonode.transport.tcp.FramedStreamEndpoint}) is exported
 * because the UDP plugin uses it for its reliable path.
 */
module io.pekonode.transport.tcp {
    requires transitive io.pekonode.api;
    requires org.apache.logging.log4j;

    exports io.pekonode.transport.tcp;

    provides io.pekonode.api.spi.transport.TransportProvider with io.pekonode.transport.tcp.TcpTransportProvider;
}

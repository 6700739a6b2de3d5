/**
 * The UDP transport plugin ({@code udp}): packets as datagrams, and a reliable path over TCP on the
 * same port number (the framed stream engine of {@code io.pekonode.transport.stream}), as
 * hashicorp/memberlist does.
 *
 * <p>Nothing is exported: the engine reaches the transport through the
 * {@link io.pekonode.api.spi.transport.TransportProvider} service under the name {@code udp}.
 */
module io.pekonode.transport.udp {
    requires io.pekonode.api;
    requires io.pekonode.transport.stream;
    requires org.apache.logging.log4j;

    provides io.pekonode.api.spi.transport.TransportProvider with io.pekonode.transport.udp.UdpTransportProvider;
}

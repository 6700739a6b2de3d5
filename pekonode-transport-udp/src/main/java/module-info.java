/**
 * The UDP transport plugin ({@code udp}): packets as datagrams, and a reliable path over TCP on the
 * same port number (built on the TCP plugin's framed stream engine), as hashicorp/memberlist does.
 */
module io.pekonode.transport.udp {
    requires transitive io.pekonode.api;
    requires transitive io.pekonode.transport.tcp;
    requires org.apache.logging.log4j;

    exports io.pekonode.transport.udp;

    provides io.pekonode.api.spi.transport.TransportProvider with io.pekonode.transport.udp.UdpTransportProvider;
}

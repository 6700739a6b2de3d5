/**
 * The DNS discovery plugin: seeds from the A and AAAA records of a name ({@code dns:}) or from SRV
 * records with their ports ({@code dns+srv:}), asked again when their TTL runs out. It speaks DNS
 * itself (UDP, TCP for long answers), so it can ask a server on any port and honour TTLs.
 *
 * <p>Nothing is exported: the engine reaches it through
 * {@link io.pekonode.api.spi.discovery.DiscoveryProvider} under the schemes {@code dns} and {@code dns+srv}.
 */
module io.pekonode.discovery.dns {
    requires io.pekonode.api;
    requires org.apache.logging.log4j;

    provides io.pekonode.api.spi.discovery.DiscoveryProvider with
            io.pekonode.discovery.dns.DnsDiscoveryProvider, io.pekonode.discovery.dns.DnsSrvDiscoveryProvider;
}

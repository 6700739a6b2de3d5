/**
 * PekoNode's engine: the sans-IO protocol core (SWIM membership, gossip, replicated metadata) and
 * the runtime that drives it over pluggable transports and codecs.
 *
 * <p>Users see {@link io.pekonode.engine.PekoNode} and the security types. The protocol core is
 * shown to the test kit alone, whose simulator runs it under virtual time; it is no public API.
 */
module io.pekonode.engine {
    requires transitive io.pekonode.api;
    requires transitive micrometer.core;
    requires com.google.common;
    requires org.apache.logging.log4j;

    exports io.pekonode.engine;
    exports io.pekonode.engine.security;
    exports io.pekonode.engine.core to io.pekonode.testkit;

    uses io.pekonode.api.spi.transport.TransportProvider;
    uses io.pekonode.api.spi.codec.CodecProvider;
    uses io.pekonode.api.spi.discovery.DiscoveryProvider;

    provides io.pekonode.api.spi.discovery.DiscoveryProvider with io.pekonode.engine.discovery.StaticDiscoveryProvider;
}

/**
 * PekoNode's engine: the sans-IO protocol core (SWIM membership, gossip, replicated metadata), the
 * runtime that drives it over pluggable transports and codecs, and a deterministic simulator.
 */
module io.pekonode.engine {
    requires transitive io.pekonode.api;
    requires transitive micrometer.core;
    requires com.google.common;
    requires org.apache.logging.log4j;

    exports io.pekonode.engine;
    exports io.pekonode.engine.security;
    // In-memory transport for users' tests; constructed explicitly, hence no "provides" for it.
    exports io.pekonode.engine.testing;
    exports io.pekonode.engine.sim;

    uses io.pekonode.api.spi.transport.TransportProvider;
    uses io.pekonode.api.spi.codec.CodecProvider;
}

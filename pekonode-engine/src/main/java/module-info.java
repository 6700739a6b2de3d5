/**
 * PekoNode's engine: the sans-IO protocol core (SWIM membership, gossip, replicated metadata), the
 * runtime that drives it over pluggable transports and codecs, and a deterministic simulator.
 */
module io.pekonode.engine {
    requires transitive io.pekonode.api;
    requires transitive micrometer.core;
    requires com.google.common;
    requires org.apache.logging.log4j;

    // exports io.pekonode.engine;      (enabled once PekoNode exists)
    // exports io.pekonode.engine.sim;  (enabled once the simulator exists)

    uses io.pekonode.api.spi.transport.TransportProvider;
    uses io.pekonode.api.spi.codec.CodecProvider;
}

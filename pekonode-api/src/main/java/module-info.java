/**
 * PekoNode's public API: the {@link io.pekonode.api.Cluster} a user embeds, its configuration and
 * events, the wire vocabulary of the gossip protocol, and the plugin SPI (transports, codecs and seed discovery).
 *
 * <p>This module has no dependencies so that plugins can be written against it alone.
 */
module io.pekonode.api {
    exports io.pekonode.api;
    exports io.pekonode.api.config;
    exports io.pekonode.api.event;
    exports io.pekonode.api.messaging;
    exports io.pekonode.api.discovery;
    exports io.pekonode.api.spi.wire;
    exports io.pekonode.api.spi;
    exports io.pekonode.api.spi.transport;
    exports io.pekonode.api.spi.codec;
    exports io.pekonode.api.spi.discovery;
}

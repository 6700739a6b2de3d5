/**
 * The gossip protocol's messages, shared by the engine (which produces and consumes them) and by
 * codecs (which turn them into bytes). Records here do not copy the byte arrays they hold: they are
 * wire values handed from one layer to the next, not user-facing objects.
 *
 * <p>A codec must round-trip every record type exactly. New message types are added with a new
 * protocol version, so codec plugins are updated together with the engine.
 *
 * <p>Part of the SPI because only codec authors need these records: applications see members,
 * events and metadata through {@code io.pekonode.api} and never a wire record. Plain data, no logic.
 */
package io.pekonode.api.spi.wire;

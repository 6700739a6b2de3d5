/**
 * The codec SPI: turns {@link io.pekonode.api.spi.wire.WireMessage}s into bytes and back. A codec
 * plugin is written like a transport plugin (see {@link io.pekonode.api.spi.transport}) and is
 * selected by name ({@code json}).
 *
 * <p>A codec sees wire records and bytes only; it never frames, encrypts or sends (the engine does)
 * and must refuse bad input with {@link io.pekonode.api.spi.codec.DecodeException} alone.
 */
package io.pekonode.api.spi.codec;

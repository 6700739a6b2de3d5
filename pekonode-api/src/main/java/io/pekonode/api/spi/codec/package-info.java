/**
 * The codec SPI: turns {@link io.pekonode.api.spi.wire.WireMessage}s into bytes and back. A codec
 * plugin is written like a transport plugin (see {@link io.pekonode.api.spi.transport}) and is
 * selected by name ({@code json}).
 */
package io.pekonode.api.spi.codec;

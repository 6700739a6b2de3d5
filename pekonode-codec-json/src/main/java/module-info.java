/**
 * The {@code json} codec plugin: PekoNode's protocol messages as small JSON objects, written and
 * read with Jackson's streaming API and validated field by field; those over 512 bytes travel
 * deflated with the JDK's zlib ({@code java.util.zip}, in {@code java.base}).
 *
 * <p>The codec is reached only through the {@link io.pekonode.api.spi.codec.CodecProvider} service
 * under the name {@code json}; the module exports nothing.
 */
module io.pekonode.codec.json {
    requires io.pekonode.api;
    requires com.fasterxml.jackson.core;

    provides io.pekonode.api.spi.codec.CodecProvider with io.pekonode.codec.json.JsonCodecProvider;
}

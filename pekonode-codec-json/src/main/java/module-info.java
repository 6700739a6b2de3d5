/**
 * The {@code json} codec plugin: PekoNode's protocol messages as small JSON objects, written and
 * read with Jackson's streaming API and validated field by field; and typed messaging, which sends
 * the user's own classes as JSON with Jackson databind.
 *
 * <p>The codec itself is reached only through the {@link io.pekonode.api.spi.codec.CodecProvider}
 * service under the name {@code json}; its package is not exported. {@code io.pekonode.codec.json.typed}
 * is exported; its API shows {@code Cluster} and {@code ObjectMapper}, hence the transitive requires.
 * User classes read by typed messaging live in the user's module, which must export (or open) their
 * package to {@code com.fasterxml.jackson.databind}; nothing here needs opening.
 */
module io.pekonode.codec.json {
    requires transitive io.pekonode.api;
    requires com.fasterxml.jackson.core;
    requires transitive com.fasterxml.jackson.databind;

    exports io.pekonode.codec.json.typed;

    provides io.pekonode.api.spi.codec.CodecProvider with io.pekonode.codec.json.JsonCodecProvider;
}

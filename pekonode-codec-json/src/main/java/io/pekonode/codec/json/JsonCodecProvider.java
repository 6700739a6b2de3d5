package io.pekonode.codec.json;

import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.codec.DecodeLimits;

/** Provides the {@code json} codec to the engine's {@link java.util.ServiceLoader} lookup. */
public final class JsonCodecProvider implements CodecProvider {

    public static final String NAME = "json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JSON objects via Jackson streaming (pekonode-codec-json)";
    }

    @Override
    public Codec create(DecodeLimits limits) {
        return new JsonCodec(limits);
    }
}

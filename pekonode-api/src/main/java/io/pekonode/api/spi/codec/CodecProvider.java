package io.pekonode.api.spi.codec;

/** Creates codecs; found with {@link java.util.ServiceLoader} and selected by {@link #name()}. */
public interface CodecProvider {

    /** Stable lower-case name, such as {@code json}. */
    String name();

    default String description() {
        return getClass().getName();
    }

    Codec create(DecodeLimits limits);
}

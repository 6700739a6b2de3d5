package io.pekonode.engine.runtime;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.LimitsConfig;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.transport.TransportConfig;

/** Derives the plugins' settings from the node's configuration, in one place: plugins carry no defaults. */
public final class PluginSettings {

    /** Bytes of the smallest tag counted when deriving the decoder's tag count from the byte budget. */
    private static final int MIN_TAG_BYTES = 2;

    private PluginSettings() {
    }

    /** The transport's settings: the node's bind address and its {@link ClusterConfig#network()} group. */
    public static TransportConfig transportConfig(ClusterConfig c) {
        return TransportConfig.of(c.bind(), c.network());
    }

    /**
     * Decoder bounds that admit everything this configuration can legitimately produce (keys up to
     * {@code maxKeyLength}, values up to {@code maxValueBytes}, frames up to {@code maxFrameSize})
     * and nothing much larger.
     */
    public static DecodeLimits decodeLimits(ClusterConfig c) {
        DecodeLimits d = DecodeLimits.defaults();
        // The tag count is bounded through the tags' byte budget, counting each tag as at least a
        // one-character key and value; the decoder's default count applies when it is larger.
        LimitsConfig limits = c.limits();
        return new DecodeLimits(c.network().maxFrameSize(), Math.max(d.maxStringLength(), limits.maxKeyLength()),
                limits.maxValueBytes(), Math.max(d.maxTags(), limits.maxTagsBytes() / MIN_TAG_BYTES), d.maxMembers(),
                d.maxRumors(), d.maxEntries());
    }

}

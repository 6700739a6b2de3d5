package io.pekonode.engine.runtime;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.transport.TransportConfig;
import java.time.Duration;

/** Derives the plugins' settings from the node's configuration, in one place. */
public final class PluginSettings {

    private PluginSettings() {
    }

    public static TransportConfig transportConfig(ClusterConfig c) {
        long queue = Math.max(16L * 1024 * 1024, 2L * c.maxFrameSize());
        return new TransportConfig(c.bind(), c.maxPacketSize(), c.maxFrameSize(), c.connectTimeout(), c.ioTimeout(),
                Duration.ofSeconds(60), 256, (int) Math.min(Integer.MAX_VALUE, queue), c.transportOptions());
    }

    /**
     * Decoder bounds that admit everything this configuration can legitimately produce (keys up to
     * {@code maxKeyLength}, values up to {@code maxValueBytes}, frames up to {@code maxFrameSize})
     * and nothing much larger.
     */
    public static DecodeLimits decodeLimits(ClusterConfig c) {
        DecodeLimits d = DecodeLimits.defaults();
        return new DecodeLimits(c.maxFrameSize(), Math.max(d.maxStringLength(), c.maxKeyLength()), c.maxValueBytes(),
                Math.max(d.maxTags(), c.maxTagsBytes() / 2), d.maxMembers(), d.maxRumors(), d.maxEntries());
    }
}

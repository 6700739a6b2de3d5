package io.pekonode.engine.runtime;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.transport.TransportConfig;
import java.time.Duration;
import java.util.Map;

/** Derives the plugins' settings from the node's configuration, in one place. */
public final class PluginSettings {

    /** Reliable connections unused this long are closed: pushes and pulls come every 30 s on a LAN. */
    static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    /** Connections kept at once: a node talks reliably to a few peers at a time, not to all N. */
    static final int MAX_CONNECTIONS = 256;
    /**
     * Least bytes queued per peer before sends fail fast: room for a burst of pushes and replies.
     * Never below two whole frames, so one large frame cannot block the next.
     */
    static final long MIN_SEND_QUEUE_BYTES = 16L * 1024 * 1024;
    private static final int FRAMES_PER_SEND_QUEUE = 2;
    /** Bytes of the smallest tag counted when deriving the decoder's tag count from the byte budget. */
    private static final int MIN_TAG_BYTES = 2;

    private PluginSettings() {
    }

    public static TransportConfig transportConfig(ClusterConfig c) {
        long queue = Math.max(MIN_SEND_QUEUE_BYTES, (long) FRAMES_PER_SEND_QUEUE * c.maxFrameSize());
        return new TransportConfig(c.bind(), c.maxPacketSize(), c.maxFrameSize(), c.connectTimeout(), c.ioTimeout(),
                IDLE_CONNECTION_TIMEOUT, MAX_CONNECTIONS, (int) Math.min(Integer.MAX_VALUE, queue), Map.of());
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
        return new DecodeLimits(c.maxFrameSize(), Math.max(d.maxStringLength(), c.maxKeyLength()), c.maxValueBytes(),
                Math.max(d.maxTags(), c.maxTagsBytes() / MIN_TAG_BYTES), d.maxMembers(), d.maxRumors(), d.maxEntries());
    }

}

package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Bounds on what the node accepts: sizes of keys, values, tags, events and messages (larger ones
 * fail at the call with {@link io.pekonode.api.PayloadTooLargeException}, and peers' decoders refuse
 * them), the queues between the network and the node, and the rate of frames from one host. The
 * {@link Builder} setters state each setting's trade-off.
 *
 * @param maxKeyLength         longest metadata key, in characters (default 512)
 * @param maxValueBytes        largest metadata value (default 64 KiB)
 * @param maxTagsBytes         largest total size of a node's tags (default 512 bytes)
 * @param maxEventPayloadBytes largest user event or query, name plus payload (default 1 KiB; at most
 *                             {@code maxValueBytes})
 * @param maxMessageBytes      largest direct message or request payload (default 4 MiB, or less when
 *                             {@link NetworkConfig#maxFrameSize()} leaves less room)
 * @param inboundQueueCapacity received messages queued for the protocol thread (default 4,096)
 * @param eventQueueCapacity   events queued per listener (default 10,000)
 * @param inboundRateLimit     frames per second accepted from one source IP address, or empty for no
 *                             limit (default {@value #DEFAULT_INBOUND_RATE_LIMIT})
 */
public record LimitsConfig(int maxKeyLength, int maxValueBytes, int maxTagsBytes, int maxEventPayloadBytes,
                           int maxMessageBytes, int inboundQueueCapacity, int eventQueueCapacity,
                           OptionalInt inboundRateLimit) {

    /** Default of {@link #inboundRateLimit}: frames per second from one source host. */
    public static final int DEFAULT_INBOUND_RATE_LIMIT = 2_000;
    /** Default of {@link #maxMessageBytes} when the frame size leaves room for it. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** @throws IllegalArgumentException for a value out of range, or events larger than values */
    public LimitsConfig {
        atLeast(maxKeyLength, 1, "maxKeyLength");
        atLeast(maxValueBytes, 0, "maxValueBytes");
        atLeast(maxTagsBytes, 0, "maxTagsBytes");
        atLeast(maxEventPayloadBytes, 0, "maxEventPayloadBytes");
        atLeast(maxMessageBytes, 0, "maxMessageBytes");
        atLeast(inboundQueueCapacity, 1, "inboundQueueCapacity");
        atLeast(eventQueueCapacity, 1, "eventQueueCapacity");
        Objects.requireNonNull(inboundRateLimit, "inboundRateLimit");
        if (inboundRateLimit.isPresent() && inboundRateLimit.getAsInt() < 1) {
            throw new IllegalArgumentException("inboundRateLimit must be positive, or empty for none: " + inboundRateLimit);
        }
        if (maxEventPayloadBytes > maxValueBytes) {
            throw new IllegalArgumentException("maxEventPayloadBytes (" + maxEventPayloadBytes
                    + ") must not exceed maxValueBytes (" + maxValueBytes + "), the decoders' payload bound");
        }
    }

    /** The defaults, for the default frame size. */
    public static LimitsConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values ({@code maxMessageBytes} included, as set). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The largest message payload a reliable frame of {@code maxFrameSize} bytes carries once
     * base64-encoded (a text codec may carry payloads so, 4 bytes per 3), with room for a topic of
     * {@code maxKeyLength} characters and the header; at most {@link #DEFAULT_MAX_MESSAGE_BYTES}.
     */
    static int messageBytesFitting(int maxFrameSize, int maxKeyLength) {
        long room = (maxFrameSize - ClusterConfig.frameOverhead(maxKeyLength)) * 3 / 4;
        return (int) Math.max(0, Math.min(DEFAULT_MAX_MESSAGE_BYTES, room));
    }

    /** Mutable builder of {@link LimitsConfig}; starts from the defaults. */
    public static final class Builder {
        private int maxKeyLength = 512;
        private int maxValueBytes = 64 * 1024;
        private int maxTagsBytes = 512;
        private int maxEventPayloadBytes = 1024;
        /** Null: whatever the frame size leaves room for, up to the default. */
        private Integer maxMessageBytes;
        private int inboundQueueCapacity = 4096;
        private int eventQueueCapacity = 10_000;
        private OptionalInt inboundRateLimit = OptionalInt.of(DEFAULT_INBOUND_RATE_LIMIT);

        private Builder() {
        }

        private Builder(LimitsConfig c) {
            maxKeyLength = c.maxKeyLength;
            maxValueBytes = c.maxValueBytes;
            maxTagsBytes = c.maxTagsBytes;
            maxEventPayloadBytes = c.maxEventPayloadBytes;
            maxMessageBytes = c.maxMessageBytes;
            inboundQueueCapacity = c.inboundQueueCapacity;
            eventQueueCapacity = c.eventQueueCapacity;
            inboundRateLimit = c.inboundRateLimit;
        }

        /**
         * Longest metadata key, in characters. Keys ride in every rumor and digest about them, so long
         * keys cost packet room. Default 512.
         */
        public Builder maxKeyLength(int n) {
            this.maxKeyLength = n;
            return this;
        }

        /**
         * Largest metadata value; {@code publish} of anything larger fails at the call. Values bigger
         * than a packet are spread over the reliable path. Must fit in a reliable frame
         * ({@link NetworkConfig#maxFrameSize()}) with its key and header. Default 64 KiB.
         */
        public Builder maxValueBytes(int n) {
            this.maxValueBytes = n;
            return this;
        }

        /**
         * Largest total size of a node's tags (keys plus values, UTF-8). Tags ride in every rumor about
         * the node, so large ones crowd out other news. Default 512 bytes.
         */
        public Builder maxTagsBytes(int n) {
            this.maxTagsBytes = n;
            return this;
        }

        /**
         * Largest user event or query (name plus payload, UTF-8 bytes); larger ones are refused at the
         * call. Events ride in gossip packets, and Serf's limit is 512 bytes; larger events (up to
         * {@link #maxValueBytes}) work but spread over the reliable path. Default 1 KiB.
         */
        public Builder maxEventPayloadBytes(int n) {
            this.maxEventPayloadBytes = n;
            return this;
        }

        /**
         * Largest payload of a direct message or request; must fit in a reliable frame once
         * base64-encoded, with its topic and header. Unset, it is 4 MiB, or less when
         * {@link NetworkConfig#maxFrameSize()} leaves less room.
         */
        public Builder maxMessageBytes(int n) {
            this.maxMessageBytes = n;
            return this;
        }

        /**
         * Received messages queued for the protocol thread (Go's Buffer). Past it, new packets are
         * dropped and counted instead of growing memory; larger absorbs longer bursts at the cost of
         * memory and latency. Default 4,096.
         */
        public Builder inboundQueueCapacity(int n) {
            this.inboundQueueCapacity = n;
            return this;
        }

        /**
         * Events queued per listener; a listener that falls this far behind loses its oldest events
         * (counted). Larger tolerates slower listeners at the cost of memory. Default 10,000.
         */
        public Builder eventQueueCapacity(int n) {
            this.eventQueueCapacity = n;
            return this;
        }

        /**
         * Frames per second accepted from one source IP address (all its ports together), checked
         * before a frame is opened or decoded; frames over it are dropped and counted as
         * {@code pekonode.packets.dropped{reason=rate_limited}}. Bursts of up to one second's worth
         * pass. The default of {@value LimitsConfig#DEFAULT_INBOUND_RATE_LIMIT} is far above what
         * gossip needs at any cluster size, but shared by all nodes on one host: raise it when many
         * members reach this node from one address (NAT, a proxy, many agents per host). 0 (like the
         * agent's {@code --inbound-rate-limit 0}) turns the limit off, as {@link #noInboundRateLimit()} does.
         *
         * @throws IllegalArgumentException for a negative rate
         */
        public Builder inboundRateLimit(int framesPerSecond) {
            if (framesPerSecond < 0) {
                throw new IllegalArgumentException("inboundRateLimit must be 0 (off) or positive, not " + framesPerSecond);
            }
            this.inboundRateLimit = framesPerSecond == 0 ? OptionalInt.empty() : OptionalInt.of(framesPerSecond);
            return this;
        }

        /** No limit on the frames per second from one host: for nodes behind a proxy that funnels many members. */
        public Builder noInboundRateLimit() {
            this.inboundRateLimit = OptionalInt.empty();
            return this;
        }

        /** @throws IllegalArgumentException as the {@link LimitsConfig} constructor */
        public LimitsConfig build() {
            return build(NetworkConfig.defaults().maxFrameSize());
        }

        /** With {@code maxMessageBytes}, when unset, derived from the node's frame size. */
        LimitsConfig build(int maxFrameSize) {
            int message = maxMessageBytes != null ? maxMessageBytes : messageBytesFitting(maxFrameSize, maxKeyLength);
            return new LimitsConfig(maxKeyLength, maxValueBytes, maxTagsBytes, maxEventPayloadBytes, message,
                    inboundQueueCapacity, eventQueueCapacity, inboundRateLimit);
        }
    }
}

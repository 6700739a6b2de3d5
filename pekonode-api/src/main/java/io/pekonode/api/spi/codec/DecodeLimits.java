package io.pekonode.api.spi.codec;

import io.pekonode.api.config.LimitsConfig;
import io.pekonode.api.config.NetworkConfig;

/**
 * Bounds a decoder enforces before allocating, so a forged length or count cannot exhaust memory.
 *
 * @param maxMessageBytes largest encoded message accepted
 * @param maxStringLength longest id, name, host, key or tag string, in characters
 * @param maxValueBytes   largest metadata value, in bytes
 * @param maxTags         most tags on one member
 * @param maxMembers      most members in one message
 * @param maxRumors       most rumors piggybacked on one packet
 * @param maxEntries      most metadata entries or digest lines in one message
 */
public record DecodeLimits(int maxMessageBytes, int maxStringLength, int maxValueBytes, int maxTags,
                           int maxMembers, int maxRumors, int maxEntries) {

    public DecodeLimits {
        if (maxMessageBytes <= 0 || maxStringLength <= 0 || maxValueBytes < 0 || maxTags < 0 || maxMembers <= 0
                || maxRumors < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
    }

    /**
     * Generous defaults: messages up to the default frame size (8 MiB) and values up to the default
     * value limit (64 KiB) of {@link io.pekonode.api.config.ClusterConfig}, 100,000 members or entries.
     * The engine derives a node's own limits from its configuration.
     */
    public static DecodeLimits defaults() {
        return new DecodeLimits(NetworkConfig.defaults().maxFrameSize(), 1024, LimitsConfig.defaults().maxValueBytes(), 64,
                100_000, 1024, 100_000);
    }
}

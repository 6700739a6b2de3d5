package io.pekonode.api.spi.codec;

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

    /** Generous defaults: 8 MiB messages, 64 KiB values, 100,000 members or entries. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(8 * 1024 * 1024, 1024, 64 * 1024, 64, 100_000, 1024, 100_000);
    }
}

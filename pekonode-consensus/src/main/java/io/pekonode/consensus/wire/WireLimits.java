package io.pekonode.consensus.wire;

/**
 * Bounds every decoder enforces.
 *
 * @param maxMessageBytes   largest encoded message
 * @param maxIdLength       longest member id or group id, in characters
 * @param maxKeyLength      longest map key, in characters
 * @param maxValueBytes     largest map value
 * @param maxLockNameLength longest lock name, in characters
 * @param maxEntries        most log entries (or snapshot records) in one message or chunk
 * @param maxMembers        most members in a group
 */
public record WireLimits(int maxMessageBytes, int maxIdLength, int maxKeyLength, int maxValueBytes,
                         int maxLockNameLength, int maxEntries, int maxMembers) {

    /** Room for a key, a value and their framing, per log entry. */
    public int maxEntryBytes() {
        return maxValueBytes + maxKeyLength * 4 + maxIdLength * 4 + 64;
    }

    /** The longest string any field may hold, for strings read where the kind is not known yet. */
    int maxAnyString() {
        return Math.max(Math.max(maxIdLength, maxKeyLength), maxLockNameLength);
    }
}

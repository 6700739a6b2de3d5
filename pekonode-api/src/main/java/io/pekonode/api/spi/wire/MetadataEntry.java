package io.pekonode.api.spi.wire;

import io.pekonode.api.HlcTimestamp;
import java.util.Arrays;
import java.util.Objects;

/**
 * One versioned key of the cluster metadata map.
 *
 * @param value the value, or {@code null} for a tombstone (the key was removed at {@code version})
 */
public record MetadataEntry(String key, byte[] value, HlcTimestamp version) {

    public MetadataEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }

    public static MetadataEntry tombstone(String key, HlcTimestamp version) {
        return new MetadataEntry(key, null, version);
    }

    public boolean isTombstone() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataEntry e && key.equals(e.key) && version.equals(e.version)
                && Arrays.equals(value, e.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "MetadataEntry[" + key + "=" + (value == null ? "<tombstone>" : value.length + " bytes") + " @" + version + "]";
    }
}

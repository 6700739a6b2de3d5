package io.pekonode.consensus;

import java.util.Arrays;
import java.util.Objects;

/**
 * A value of the consensus map with its version: the position in the Raft log of the write that
 * made it. Versions only grow, across keys too, so a larger version is a later write.
 */
public record Versioned(byte[] value, long version) {

    public Versioned {
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versioned v && version == v.version && Arrays.equals(value, v.value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Versioned[" + value.length + " bytes, version=" + version + "]";
    }
}

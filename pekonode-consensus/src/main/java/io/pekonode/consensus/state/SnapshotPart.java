package io.pekonode.consensus.state;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One chunk of a state machine snapshot: some keys, and (in the first chunk) every lock. */
public record SnapshotPart(List<KeyRecord> keys, List<LockRecord> locks) {

    public SnapshotPart {
        keys = List.copyOf(keys);
        locks = List.copyOf(locks);
    }

    public record KeyRecord(String key, byte[] value, long version) {
        public KeyRecord {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyRecord k && key.equals(k.key) && version == k.version && Arrays.equals(value, k.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Long.hashCode(version);
        }
    }

    public record LockRecord(String name, String holder, long token) {
        public LockRecord {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(holder, "holder");
        }
    }
}

package io.pekonode.consensus.state;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One chunk of a state machine snapshot: some keys, and (in the first chunk) every lock and remembered answer. */
public record SnapshotPart(List<KeyRecord> keys, List<LockRecord> locks, List<AnswerRecord> answers) {

    public SnapshotPart {
        keys = List.copyOf(keys);
        locks = List.copyOf(locks);
        answers = List.copyOf(answers);
    }

    public SnapshotPart(List<KeyRecord> keys, List<LockRecord> locks) {
        this(keys, locks, List.of());
    }

    /** The result a write call got, kept so that a copy of the call sent again gets it too (oldest first). */
    public record AnswerRecord(String caller, long callId, Result result) {
        public AnswerRecord {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(result, "result");
        }
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

package io.pekonode.consensus.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the state machine applies (writes go through the log, reads through Raft queries). Records with
 * byte arrays compare by content so that a decoded operation equals the one encoded.
 */
public sealed interface Operation {

    /** True for operations that only read and run as Raft queries, without a log entry. */
    default boolean readOnly() {
        return false;
    }

    record Put(String key, byte[] value) implements Operation {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + " bytes]";
        }
    }

    /**
     * A map write ({@link Put}, {@link Delete} or {@link CompareAndSet}) with the id of the call that made
     * it. A caller may send one call to several members when the first goes silent; the state machine
     * applies the first copy that commits and answers every later copy with that copy's result.
     *
     * @param caller the node that made the call
     * @param callId unique among that node's calls (across its restarts too: it starts at a random number)
     */
    record Once(String caller, long callId, Operation write) implements Operation {
        public Once {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(write, "write");
            if (!(write instanceof Put || write instanceof Delete || write instanceof CompareAndSet)) {
                throw new IllegalArgumentException("only map writes are sent more than once: " + write);
            }
        }

        /** The map writes a caller may send more than once. */
        public static boolean applies(Operation operation) {
            return operation instanceof Put || operation instanceof Delete || operation instanceof CompareAndSet;
        }
    }

    record Delete(String key) implements Operation {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    record CompareAndSet(String key, long expectedVersion, byte[] value) implements Operation {
        public CompareAndSet {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CompareAndSet c && key.equals(c.key) && expectedVersion == c.expectedVersion
                    && Arrays.equals(value, c.value);
        }

        @Override
        public int hashCode() {
            return (key.hashCode() * 31 + Long.hashCode(expectedVersion)) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "CompareAndSet[" + key + ", expected=" + expectedVersion + ", " + value.length + " bytes]";
        }
    }

    record Get(String key) implements Operation {
        public Get {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /** Grants {@code name} to {@code holder} when it is free; the grant's log index is the fencing token. */
    record Acquire(String name, String holder) implements Operation {
        public Acquire {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(holder, "holder");
        }
    }

    /** Frees {@code name} if it is still held under {@code token}. */
    record Release(String name, long token) implements Operation {
        public Release {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Sent by the leader when a lease ran out without renewal; frees the lock if {@code token} still holds it. */
    record Expire(String name, long token) implements Operation {
        public Expire {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Who holds {@code name}; a query. */
    record LockInfo(String name) implements Operation {
        public LockInfo {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /**
     * A holder renewing its lease: answered by the leader after a linearizable check that the lock is
     * still held under {@code token}; never applied to the state machine.
     */
    record Renew(String name, long token) implements Operation {
        public Renew {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean readOnly() {
            return true;
        }
    }

    /**
     * Appended by every new leader before anything else (MicroRaft's new-term operation). Frees every
     * lock: a lease is only as good as the leader that renews it.
     */
    record NewTerm() implements Operation {
    }
}

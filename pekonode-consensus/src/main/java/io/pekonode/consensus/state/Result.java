package io.pekonode.consensus.state;

import java.util.Arrays;
import java.util.Objects;

/** What applying an {@link Operation} answered. */
public sealed interface Result {

    /** A put or a successful compare-and-set: the key's new version (the entry's log index). */
    record Written(long version) implements Result {
    }

    record Deleted(boolean existed) implements Result {
    }

    record Found(byte[] value, long version) implements Result {
        public Found {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Found f && version == f.version && Arrays.equals(value, f.value);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(version) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Found[" + value.length + " bytes, version=" + version + "]";
        }
    }

    /** The key does not exist (a get, or a compare-and-set on a missing key). */
    record NotFound() implements Result {
    }

    /** A compare-and-set lost: the key is at {@code currentVersion}. */
    record Mismatch(long currentVersion) implements Result {
    }

    /** A lock was granted; the token is the grant's log index. */
    record Granted(long token) implements Result {
    }

    /** The lock is held by {@code holder} under {@code token}. */
    record Held(String holder, long token) implements Result {
        public Held {
            Objects.requireNonNull(holder, "holder");
        }
    }

    record Free() implements Result {
    }

    record Released(boolean wasHeld) implements Result {
    }

    /** Operations without an answer of their own (new term, lease expiry). */
    record Applied() implements Result {
    }
}

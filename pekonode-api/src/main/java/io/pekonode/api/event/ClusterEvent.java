package io.pekonode.api.event;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import java.util.Arrays;
import java.util.Objects;

/**
 * Something the local node observed about the cluster. Events about one member arrive in the order
 * the local node saw them.
 */
public sealed interface ClusterEvent {

    /** Events about a member; {@link #member()} is its state right after the change. */
    sealed interface MemberEvent extends ClusterEvent {
        Member member();
    }

    /** A member became known (or came back after being dead or left). */
    record MemberJoined(Member member) implements MemberEvent {
    }

    /** A known live member changed its name, tags or address. */
    record MemberUpdated(Member member) implements MemberEvent {
    }

    /** A member missed its probes and is suspected; it is declared failed unless it refutes in time. */
    record MemberSuspected(Member member) implements MemberEvent {
    }

    /** A suspected member proved it is alive. */
    record MemberRecovered(Member member) implements MemberEvent {
    }

    /** A member was declared dead (crashed, hung or cut off). */
    record MemberFailed(Member member) implements MemberEvent {
    }

    /** A member left gracefully. */
    record MemberLeft(Member member) implements MemberEvent {
    }

    /**
     * A metadata key took a new value from this node or a peer.
     *
     * @param value the new value, or {@code null} when the key was removed
     */
    record MetadataChanged(String key, byte[] value, HlcTimestamp version) implements ClusterEvent {
        public MetadataChanged {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(version, "version");
            value = value == null ? null : value.clone();
        }

        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        public boolean removed() {
            return value == null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MetadataChanged m && key.equals(m.key) && version.equals(m.version)
                    && Arrays.equals(value, m.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, version) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "MetadataChanged[key=" + key + ", bytes=" + (value == null ? "removed" : value.length)
                    + ", version=" + version + "]";
        }
    }
}

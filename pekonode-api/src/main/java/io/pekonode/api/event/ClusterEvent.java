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

    /** A member left gracefully (or an operator forced a failed one out). */
    record MemberLeft(Member member) implements MemberEvent {
    }

    /**
     * A dead or left member was forgotten: its retention ran out, or an operator pruned it. It no
     * longer shows in the member list; {@link #member()} is its last known state.
     */
    record MemberReaped(Member member) implements MemberEvent {
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

    /**
     * A user event broadcast by some node (this one included) with {@code Cluster.broadcast}.
     * Delivered once per (origin, Lamport time) at each node. When the sender asked for coalescing,
     * events of the same name that arrive within the node's coalesce window are collapsed into the
     * newest one, so a burst of "config changed" events gives one delivery.
     *
     * @param name        the event's name
     * @param payload     its bytes (a copy per call of {@link #payload()})
     * @param originId    the node id that broadcast it
     * @param lamportTime the sender's Lamport time for it; later events of one origin have higher times
     * @param coalesced   how many older events of this name this delivery replaced (0 when none)
     */
    record UserEventReceived(String name, byte[] payload, String originId, long lamportTime, int coalesced)
            implements ClusterEvent {
        public UserEventReceived {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(originId, "originId");
            payload = payload == null ? new byte[0] : payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserEventReceived e && name.equals(e.name) && originId.equals(e.originId)
                    && lamportTime == e.lamportTime && coalesced == e.coalesced && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, originId, lamportTime, coalesced) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "UserEventReceived[" + name + " from " + originId + " @" + lamportTime + ", " + payload.length
                    + " bytes" + (coalesced > 0 ? ", coalesced " + coalesced : "") + "]";
        }
    }

    /**
     * A query this node matched and is asked to answer (Serf's query event), whether or not a handler
     * for its name is registered here. Queries started by this node are included when it matches.
     *
     * @param name        the query's name
     * @param payload     its bytes (a copy per call of {@link #payload()})
     * @param originId    the node id that asked
     * @param lamportTime the asker's Lamport time for it (the query's id)
     */
    record QueryReceived(String name, byte[] payload, String originId, long lamportTime) implements ClusterEvent {
        public QueryReceived {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(originId, "originId");
            payload = payload == null ? new byte[0] : payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueryReceived q && name.equals(q.name) && originId.equals(q.originId)
                    && lamportTime == q.lamportTime && Arrays.equals(payload, q.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, originId, lamportTime) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "QueryReceived[" + name + " from " + originId + " @" + lamportTime + ", " + payload.length + " bytes]";
        }
    }
}

package io.pekonode.engine.core.gossip;

import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import java.util.Objects;

/**
 * The subject a queued rumor is news about. {@link BroadcastQueue} keeps one rumor per key: a rumor
 * queued under a key equal to a queued one's replaces it, because spreading the stale news would
 * only make receivers ignore it. Keys of different kinds are never equal, whatever their text.
 *
 * <ul>
 *   <li>{@link OfMember}: the latest news about one member (alive, suspect, dead or left, at any
 *       incarnation, from any reporter) replaces older news about it, so the queue holds at most one
 *       rumor per member.</li>
 *   <li>{@link OfMetadataKey}: the latest write or removal of one metadata key replaces the older one.</li>
 *   <li>{@link OfUserEvent} and {@link OfQuery}: one per (origin, Lamport time), so each event and
 *       query is a subject of its own and none replaces another; their owners take them out of the
 *       queue when they are cut short or expire.</li>
 * </ul>
 *
 * <p>{@link #of(Rumor)} is the one place that decides a rumor's subject: the core queues every rumor
 * under it, so no component spells out keys of its own.
 */
public sealed interface SupersedeKey {

    /** The subject {@code rumor} is news about. */
    static SupersedeKey of(Rumor rumor) {
        Objects.requireNonNull(rumor, "rumor");
        if (rumor instanceof MemberRumor m) {
            return member(m.member().id());
        }
        if (rumor instanceof MetadataRumor m) {
            return metadata(m.entry().key());
        }
        if (rumor instanceof UserEventRumor e) {
            return userEvent(e.originId(), e.lamportTime());
        }
        if (rumor instanceof QueryRumor q) {
            return query(q.origin().nodeId(), q.lamportTime());
        }
        throw new IllegalArgumentException("no supersede rule for " + rumor.getClass().getName());
    }

    /** News about the member with this id. */
    static SupersedeKey member(String memberId) {
        return new OfMember(memberId);
    }

    /** A write or removal of this metadata key. */
    static SupersedeKey metadata(String key) {
        return new OfMetadataKey(key);
    }

    /** The user event sent by {@code originId} at {@code lamportTime}. */
    static SupersedeKey userEvent(String originId, long lamportTime) {
        return new OfUserEvent(originId, lamportTime);
    }

    /** The query sent by {@code originId} at {@code lamportTime}. */
    static SupersedeKey query(String originId, long lamportTime) {
        return new OfQuery(originId, lamportTime);
    }

    record OfMember(String memberId) implements SupersedeKey {
        public OfMember {
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    record OfMetadataKey(String key) implements SupersedeKey {
        public OfMetadataKey {
            Objects.requireNonNull(key, "key");
        }
    }

    record OfUserEvent(String originId, long lamportTime) implements SupersedeKey {
        public OfUserEvent {
            Objects.requireNonNull(originId, "originId");
        }
    }

    record OfQuery(String originId, long lamportTime) implements SupersedeKey {
        public OfQuery {
            Objects.requireNonNull(originId, "originId");
        }
    }
}

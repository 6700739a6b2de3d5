package io.pekonode.engine.core.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which queued rumor replaces which: the rules of {@link SupersedeKey#of}, seen through the queue. */
class SupersedeKeyTest {

    private static final NodeAddress ADDRESS = new NodeAddress("10.0.0.1", 7946);
    private static final int ROOMY = 1_000_000;

    private static MemberRumor member(String id, MemberState state, long incarnation, String reporter) {
        return new MemberRumor(new Member(id, id, ADDRESS, Map.of(), state, incarnation), reporter);
    }

    private static MetadataRumor write(String key, int value, long millis) {
        return new MetadataRumor(new MetadataEntry(key, new byte[] {(byte) value}, new HlcTimestamp(millis, 0, "n")));
    }

    private static UserEventRumor event(String origin, long lamportTime) {
        return new UserEventRumor(origin, lamportTime, "deploy", new byte[0], false);
    }

    private static QueryRumor query(String origin, long lamportTime) {
        return new QueryRumor(new Origin(origin, ADDRESS), lamportTime, "load", new byte[0], Map.of(), List.of(), 1000, false);
    }

    /** The queue's content after queuing {@code rumors} in order, each under its own {@link SupersedeKey#of}. */
    private static List<Rumor> queued(Rumor... rumors) {
        BroadcastQueue q = new BroadcastQueue(() -> 3, 1);
        for (Rumor r : rumors) {
            q.enqueue(SupersedeKey.of(r), r);
        }
        return q.take(ROOMY);
    }

    @Test
    void newsAboutOneMemberReplacesOlderNewsAboutItWhateverTheStateIncarnationOrReporter() {
        MemberRumor suspect = member("a", MemberState.SUSPECT, 3, "b");
        MemberRumor refuted = member("a", MemberState.ALIVE, 4, "a");
        MemberRumor dead = member("a", MemberState.DEAD, 4, "c");
        assertEquals(SupersedeKey.of(suspect), SupersedeKey.of(refuted));
        assertEquals(List.of(dead), queued(suspect, refuted, dead));
    }

    @Test
    void newsAboutDifferentMembersIsKept() {
        MemberRumor a = member("a", MemberState.ALIVE, 1, "a");
        MemberRumor b = member("b", MemberState.ALIVE, 1, "b");
        assertEquals(List.of(b, a), queued(a, b));
    }

    @Test
    void aNewerWriteOrRemovalOfAMetadataKeyReplacesTheQueuedOne() {
        MetadataRumor first = write("leader", 1, 1);
        MetadataRumor second = write("leader", 2, 2);
        MetadataRumor removal = new MetadataRumor(MetadataEntry.tombstone("leader", new HlcTimestamp(3, 0, "n")));
        MetadataRumor other = write("config/x", 1, 1);
        assertEquals(List.of(removal, other), queued(first, other, second, removal));
    }

    @Test
    void kindsNeverReplaceOneAnotherEvenWithTheSameText() {
        MemberRumor member = member("x", MemberState.ALIVE, 1, "x");
        MetadataRumor metadata = write("x", 1, 1);
        UserEventRumor event = event("x", 1);
        QueryRumor query = query("x", 1);
        assertNotEquals(SupersedeKey.of(member), SupersedeKey.of(metadata));
        assertNotEquals(SupersedeKey.of(event), SupersedeKey.of(query));
        assertEquals(4, queued(member, metadata, event, query).size());
    }

    @Test
    void everyUserEventAndQueryIsASubjectOfItsOwn() {
        UserEventRumor first = event("a", 1);
        UserEventRumor burst = event("a", 2);
        UserEventRumor otherOrigin = event("b", 1);
        assertEquals(3, queued(first, burst, otherOrigin).size(), "a burst of events spreads as that many rumors");
        assertEquals(3, queued(query("a", 1), query("a", 2), query("b", 1)).size());
        assertEquals(SupersedeKey.userEvent("a", 1), SupersedeKey.of(first), "the owner finds its event by origin and time");
        assertEquals(SupersedeKey.query("a", 2), SupersedeKey.of(query("a", 2)));
    }
}

package io.pekonode.engine.persistence;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MetadataEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A state that uses every field and every variant of the format. */
final class States {

    static final String ID = "node-ä-1";

    private States() {
    }

    static PersistedState sample() {
        return sample(ID, 7);
    }

    static PersistedState sample(String id, long incarnation) {
        List<Member> members = List.of(
                new Member(id, "self", new NodeAddress("10.0.0.1", 7946), Map.of("role", "db", "zone", "eu-1"),
                        MemberState.ALIVE, incarnation),
                new Member("b", "beta", new NodeAddress("fd00::2", 7000), Map.of(), MemberState.SUSPECT, 3),
                new Member("c", "gamma", new NodeAddress("gamma.example", 65535), Map.of("k", ""), MemberState.DEAD, 0),
                new Member("d", "δέλτα", new NodeAddress("10.0.0.4", 1), Map.of(), MemberState.LEFT, Long.MAX_VALUE));
        List<MetadataEntry> metadata = List.of(
                new MetadataEntry("config/leader", "node-a".getBytes(StandardCharsets.UTF_8),
                        new HlcTimestamp(1_700_000_000_123L, 4, "b")),
                new MetadataEntry("empty", new byte[0], new HlcTimestamp(1, 0, id)),
                new MetadataEntry("binary", new byte[] {0, -1, 127, -128, 10}, new HlcTimestamp(5, Integer.MAX_VALUE, "c")),
                MetadataEntry.tombstone("removed", new HlcTimestamp(1_700_000_000_999L, 0, "d")));
        return new PersistedState(id, incarnation, members, metadata);
    }
}

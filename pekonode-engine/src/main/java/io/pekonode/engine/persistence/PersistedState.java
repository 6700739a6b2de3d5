package io.pekonode.engine.persistence;

import io.pekonode.api.Member;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a {@link StateStore} keeps. Values are copied in by the runtime; this record holds them as given. */
public record PersistedState(String nodeId, long incarnation, List<Member> members, Map<String, byte[]> metadata) {
    public PersistedState {
        Objects.requireNonNull(nodeId, "nodeId");
        members = List.copyOf(members);
        metadata = Map.copyOf(metadata);
    }
}

package io.pekonode.engine.runtime;

import io.pekonode.api.Member;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable picture of the node's state, published by the event loop for readers on any thread.
 * Metadata values are private copies; readers get copies of them again.
 */
public record ViewSnapshot(Member local, List<Member> members, List<Member> liveMembers, Map<String, Member> byId,
                           Map<String, byte[]> metadata) {

    static final ViewSnapshot EMPTY = new ViewSnapshot(null, List.of(), List.of(), Map.of(), Map.of());

    /** The view before the node started: no members, no metadata. */
    public static ViewSnapshot empty() {
        return EMPTY;
    }

    /**
     * @param metadata a map the caller owns and will not change (the core's {@code snapshot()} is
     *                 already a copy); values are copied again only on the way out to readers
     */
    static ViewSnapshot of(Member local, List<Member> members, Map<String, byte[]> metadata) {
        Map<String, Member> byId = new LinkedHashMap<>();
        members.forEach(m -> byId.put(m.id(), m));
        return new ViewSnapshot(local, List.copyOf(members),
                members.stream().filter(m -> m.state().isActive()).toList(),
                Collections.unmodifiableMap(byId), Collections.unmodifiableMap(metadata));
    }

    public Optional<byte[]> read(String key) {
        byte[] value = metadata.get(key);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public Map<String, byte[]> copyOfMetadata() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        metadata.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}

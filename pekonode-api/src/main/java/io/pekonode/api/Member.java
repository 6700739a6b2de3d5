package io.pekonode.api;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable view of one member as the local node knows it.
 *
 * @param id          unique node id; the identity of a member (never its address or name)
 * @param name        human-readable name, not necessarily unique
 * @param address     advertised address other nodes use to reach it
 * @param tags        small string map the member publishes about itself (Go PekoNode's PrivateData)
 * @param state       its state in the local view
 * @param incarnation SWIM incarnation; only the member itself raises it, to refute suspicion
 */
public record Member(String id, String name, NodeAddress address, Map<String, String> tags,
                     MemberState state, long incarnation) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }

    public Member withState(MemberState newState) {
        return new Member(id, name, address, tags, newState, incarnation);
    }
}

package io.pekonode.engine.persistence;

import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MetadataEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link StateStore} keeps: who the node is, the incarnation it last used, the members it
 * knew and every metadata entry with its version (tombstones included, so a removal survives a
 * restart and is not resurrected by a peer that missed it). Lists are copied; values are not.
 *
 * @param nodeId      the node's id
 * @param incarnation the local member's incarnation when saved; a restart begins above it
 * @param members     the member table as known (the local node may be in it; restoring skips it)
 * @param metadata    metadata entries with versions; a {@code null} value is a tombstone
 */
public record PersistedState(String nodeId, long incarnation, List<Member> members, List<MetadataEntry> metadata) {
    public PersistedState {
        Objects.requireNonNull(nodeId, "nodeId");
        members = List.copyOf(members);
        metadata = List.copyOf(metadata);
    }

    /** Addresses of the other members, in table order without repeats: where to rejoin when seeds are gone. */
    public List<NodeAddress> peerAddresses(NodeAddress self) {
        LinkedHashSet<NodeAddress> addresses = new LinkedHashSet<>();
        for (Member m : members) {
            if (!m.id().equals(nodeId) && !m.address().equals(self)) {
                addresses.add(m.address());
            }
        }
        return List.copyOf(addresses);
    }
}

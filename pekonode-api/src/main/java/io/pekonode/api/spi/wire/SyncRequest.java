package io.pekonode.api.spi.wire;

import io.pekonode.api.Member;
import java.util.List;

/**
 * Push-pull anti-entropy, sent over the reliable path: the sender's full member table and its
 * metadata digest. {@code join} marks the first exchange of a joining node.
 */
public record SyncRequest(Origin origin, boolean join, List<Member> members, MetadataDigest digest)
        implements WireMessage {
    public SyncRequest {
        members = List.copyOf(members);
    }
}

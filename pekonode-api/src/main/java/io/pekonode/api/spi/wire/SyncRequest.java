package io.pekonode.api.spi.wire;

import io.pekonode.api.Member;
import java.util.List;

/**
 * Push-pull anti-entropy, sent over the reliable path: the sender's full member table and its
 * metadata digest. {@code join} marks the first exchange of a joining node.
 *
 * <p>A request without members is a <em>summary</em> (see {@link #summary}): a full table always
 * holds its sender, so no full request is ever empty, and a reader that knows nothing of summaries
 * answers one as a request from a node that holds nothing, with its whole state.
 */
public record SyncRequest(Origin origin, boolean join, List<Member> members, MetadataDigest digest)
        implements WireMessage {
    public SyncRequest {
        members = List.copyOf(members);
    }

    /**
     * A periodic exchange's first step when the two nodes are likely in step already: no members, no
     * digest lines, only {@code stateHash}, the sender's hash of its member table and metadata map
     * together. A receiver whose own hash is the same has nothing to exchange and answers nothing;
     * any other answers with its own full request, and the exchange runs in full the other way.
     */
    public static SyncRequest summary(Origin origin, long stateHash) {
        return new SyncRequest(origin, false, List.of(), new MetadataDigest(stateHash, List.of()));
    }

    /** Whether this is a {@link #summary}. */
    public boolean isSummary() {
        return members.isEmpty();
    }
}

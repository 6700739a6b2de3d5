package io.pekonode.api.spi.wire;

import io.pekonode.api.Member;
import java.util.List;

/**
 * Answer to a {@link SyncRequest}: the responder's member table, the metadata entries the requester
 * lacks or holds older, and the keys for which the requester holds something newer.
 */
public record SyncResponse(Origin origin, List<Member> members, List<MetadataEntry> entries, List<String> wantedKeys)
        implements WireMessage {
    public SyncResponse {
        members = List.copyOf(members);
        entries = List.copyOf(entries);
        wantedKeys = List.copyOf(wantedKeys);
    }
}

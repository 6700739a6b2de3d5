package io.pekonode.engine.core.metadata;

import io.pekonode.api.spi.wire.MetadataEntry;
import java.util.List;

/**
 * What to do after comparing a peer's digest with the local store.
 *
 * @param toSend    local entries the peer lacks or holds at an older version
 * @param toRequest keys the peer holds at a newer version, or that the local store lacks
 */
public record SyncPlan(List<MetadataEntry> toSend, List<String> toRequest) {
    public SyncPlan {
        toSend = List.copyOf(toSend);
        toRequest = List.copyOf(toRequest);
    }

    public boolean isEmpty() {
        return toSend.isEmpty() && toRequest.isEmpty();
    }
}

package io.pekonode.api.spi.wire;

import java.util.List;

/** The last leg of a sync: entries the peer asked for in {@link SyncResponse#wantedKeys()}. */
public record MetadataPush(Origin origin, List<MetadataEntry> entries) implements WireMessage {
    public MetadataPush {
        entries = List.copyOf(entries);
    }
}

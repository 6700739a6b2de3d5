package io.pekonode.api.spi.wire;

import java.util.List;

/**
 * What a node holds of the metadata map, without the values: an order-independent hash of all
 * (key, version) pairs, so equal maps are recognised cheaply, and the versions themselves so the
 * peer can send only what differs.
 */
public record MetadataDigest(long hash, List<KeyVersion> versions) {
    public static final MetadataDigest EMPTY = new MetadataDigest(0L, List.of());

    public MetadataDigest {
        versions = List.copyOf(versions);
    }
}

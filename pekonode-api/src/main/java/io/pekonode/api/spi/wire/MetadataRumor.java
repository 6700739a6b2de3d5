package io.pekonode.api.spi.wire;

import java.util.Objects;

/** A metadata write (or delete) spreading through the cluster. */
public record MetadataRumor(MetadataEntry entry) implements Rumor {
    public MetadataRumor {
        Objects.requireNonNull(entry, "entry");
    }
}

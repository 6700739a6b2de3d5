package io.pekonode.api.wire;

import java.util.Objects;

/** A metadata write (or delete) spreading through the cluster. */
public record MetadataRumor(MetadataEntry entry) implements Rumor {
    public MetadataRumor {
        Objects.requireNonNull(entry, "entry");
    }
}

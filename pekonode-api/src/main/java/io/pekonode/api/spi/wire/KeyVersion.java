package io.pekonode.api.spi.wire;

import io.pekonode.api.HlcTimestamp;
import java.util.Objects;

/** A digest line: the version a node holds for one key (tombstones included). */
public record KeyVersion(String key, HlcTimestamp version) {
    public KeyVersion {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }
}

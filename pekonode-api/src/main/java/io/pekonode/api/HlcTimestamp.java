package io.pekonode.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock version: wall-clock milliseconds, a logical counter for events in the same
 * millisecond (or while the local clock lags a peer's), and the writer's node id as the tiebreak.
 *
 * <p>Every node orders two versions the same way, so concurrent writes to one key converge to the
 * same winner everywhere; a node whose clock runs fast cannot win forever because every node's
 * clock moves past any version it has seen.
 */
public record HlcTimestamp(long physicalMillis, int logical, String nodeId) implements Comparable<HlcTimestamp> {

    private static final Comparator<HlcTimestamp> ORDER = Comparator
            .comparingLong(HlcTimestamp::physicalMillis)
            .thenComparingInt(HlcTimestamp::logical)
            .thenComparing(HlcTimestamp::nodeId);

    public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0, "");

    public HlcTimestamp {
        Objects.requireNonNull(nodeId, "nodeId");
        if (physicalMillis < 0 || logical < 0) {
            throw new IllegalArgumentException("negative HLC component: " + physicalMillis + "/" + logical);
        }
    }

    @Override
    public int compareTo(HlcTimestamp other) {
        return ORDER.compare(this, other);
    }

    public boolean isAfter(HlcTimestamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return physicalMillis + "." + logical + "@" + nodeId;
    }
}

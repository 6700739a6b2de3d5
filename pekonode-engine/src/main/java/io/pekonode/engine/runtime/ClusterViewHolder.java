package io.pekonode.engine.runtime;

import io.pekonode.engine.core.ProtocolCore;
import java.util.Map;

/**
 * The latest {@link ViewSnapshot}, written by the event loop and read by anyone. Readers never take
 * a lock or wait on the loop: they see the state as of the last finished batch (a few milliseconds
 * old at most while the node is busy, and re-published at least every 250 ms while idle).
 */
public final class ClusterViewHolder {

    private volatile ViewSnapshot current = ViewSnapshot.EMPTY;

    public ViewSnapshot current() {
        return current;
    }

    /**
     * Loop thread only: copies the core's state into a new snapshot. The metadata map is copied only
     * when it may have changed, since it can be large and every change to it raises an event.
     */
    void publish(ProtocolCore core, boolean metadataChanged) {
        ViewSnapshot previous = current;
        Map<String, byte[]> metadata = metadataChanged || previous == ViewSnapshot.EMPTY
                ? core.snapshot() : previous.metadata();
        current = ViewSnapshot.of(core.localMember(), core.members(), metadata);
    }
}

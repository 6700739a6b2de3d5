package io.pekonode.engine.runtime;

import io.pekonode.engine.core.ProtocolCore;

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

    /** Loop thread only: copies the core's state into a new snapshot. */
    void publish(ProtocolCore core) {
        current = ViewSnapshot.of(core.localMember(), core.members(), core.snapshot());
    }
}

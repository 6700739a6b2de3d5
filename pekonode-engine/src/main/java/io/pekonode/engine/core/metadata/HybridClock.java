package io.pekonode.engine.core.metadata;

import io.pekonode.api.HlcTimestamp;

/** STUB: to be implemented (see MetadataStore). */
public final class HybridClock {
    public HybridClock(String nodeId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** A timestamp for a local write: after every timestamp this clock issued or observed. */
    public HlcTimestamp tick(long wallMillis) {
        throw new UnsupportedOperationException();
    }

    /** Moves the clock past a timestamp seen from a peer. */
    public void observe(HlcTimestamp remote, long wallMillis) {
        throw new UnsupportedOperationException();
    }
}

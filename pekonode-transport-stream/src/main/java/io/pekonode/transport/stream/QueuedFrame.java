package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import java.util.concurrent.CompletableFuture;

/**
 * One frame waiting to be written. The payload array is not copied: callers hand it over.
 *
 * @param future completed when written, or null for best-effort packets
 */
record QueuedFrame(NodeAddress to, byte type, byte[] payload, CompletableFuture<Void> future) {

    /** Bytes this frame holds in a peer's send budget. */
    int size() {
        return payload.length + Frames.HEADER_BYTES;
    }
}

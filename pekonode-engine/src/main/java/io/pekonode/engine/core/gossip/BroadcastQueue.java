package io.pekonode.engine.core.gossip;

import io.pekonode.api.wire.Rumor;
import java.util.List;
import java.util.function.IntSupplier;

/** STUB: to be implemented. Transmit-limited rumor queue. */
public final class BroadcastQueue {
    public BroadcastQueue(IntSupplier clusterSize, int retransmitMultiplier) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public void enqueue(String supersedeKey, Rumor rumor) {
        throw new UnsupportedOperationException();
    }

    public List<Rumor> take(int byteBudget) {
        throw new UnsupportedOperationException();
    }

    public List<Rumor> takeOversized(int byteBudget) {
        throw new UnsupportedOperationException();
    }

    public int size() {
        throw new UnsupportedOperationException();
    }
}

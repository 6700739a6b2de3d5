package io.pekonode.engine.core.failure;

/** STUB: to be implemented. Lifeguard's dynamic suspicion timeout. */
public final class Suspicion {
    public Suspicion(String suspectorId, int expectedConfirmations, long minTimeoutMillis, long maxTimeoutMillis,
                     long startMillis) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public boolean confirm(String fromNodeId) {
        throw new UnsupportedOperationException();
    }

    public long deadlineMillis() {
        throw new UnsupportedOperationException();
    }

    public int confirmations() {
        throw new UnsupportedOperationException();
    }
}

package io.pekonode.engine.core.failure;

/** STUB: to be implemented. Lifeguard's local health awareness score. */
public final class LocalHealth {
    public LocalHealth(int maxMultiplier) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public void apply(int delta) {
        throw new UnsupportedOperationException();
    }

    public int score() {
        throw new UnsupportedOperationException();
    }

    public long scale(long millis) {
        throw new UnsupportedOperationException();
    }
}

package io.pekonode.engine.persistence;

import java.util.Optional;

/** Keeps nothing: the behaviour without a data directory, for nodes that want a fresh id each run. */
final class NoopStateStore implements StateStore {
    static final NoopStateStore INSTANCE = new NoopStateStore();

    @Override
    public Optional<PersistedState> load() {
        return Optional.empty();
    }

    @Override
    public void save(PersistedState state) {
        // intentionally nothing
    }

    @Override
    public boolean keepsState() {
        return false;
    }
}

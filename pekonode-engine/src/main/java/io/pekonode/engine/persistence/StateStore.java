package io.pekonode.engine.persistence;

import java.util.Optional;

/**
 * Where a node keeps what must survive a restart: its id (so it rejoins as itself, not as a ghost
 * beside its old self), its last incarnation (so it restarts above it and is not refuted by its own
 * past), the members it knew (seeds for rejoining) and the metadata map. The runtime loads once at
 * start and saves at close; a later issue adds a file-backed store and periodic saves.
 */
public interface StateStore {

    Optional<PersistedState> load();

    void save(PersistedState state);

    /** The default: remembers nothing, so every start is a fresh node. */
    static StateStore none() {
        return NoopStateStore.INSTANCE;
    }
}

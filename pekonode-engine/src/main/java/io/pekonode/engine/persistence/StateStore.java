package io.pekonode.engine.persistence;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a node keeps what must survive a restart: its id (so it rejoins as itself, not as a ghost
 * beside its old self), its last incarnation (so it restarts above it and is not refuted by its own
 * past), the members it knew (seeds for rejoining) and the metadata map. The runtime loads once at
 * start, saves a snapshot at most once per {@link #saveInterval()} when something changed (on a
 * saver thread, never the event loop) and once more at close.
 */
public interface StateStore extends AutoCloseable {

    /**
     * The last state saved, or empty when there is none or it could not be trusted (a store that
     * finds a damaged state reports it and sets it aside rather than throwing).
     */
    Optional<PersistedState> load();

    /** Replaces the saved state; a failure is thrown as an unchecked exception and the old state stays. */
    void save(PersistedState state);

    /** False for a store that keeps nothing: the runtime then takes no snapshots at all. */
    default boolean keepsState() {
        return true;
    }

    /** The shortest time between two periodic saves. */
    default Duration saveInterval() {
        return Duration.ofSeconds(1);
    }

    /**
     * Releases the store (a {@link FileStateStore} gives up its data directory lock), after the last
     * save. Idempotent; failures are logged, not thrown.
     */
    @Override
    default void close() {
    }

    /** The default: remembers nothing, so every start is a fresh node. */
    static StateStore none() {
        return NoopStateStore.INSTANCE;
    }
}

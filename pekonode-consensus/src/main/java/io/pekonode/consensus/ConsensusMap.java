package io.pekonode.consensus;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A key-value map kept by Raft: every write goes through the leader's log and is applied in the same
 * order everywhere, so the map is linearizable (a read sees every write that completed before it).
 *
 * <p>Keys are non-empty strings up to {@link ConsensusConfig#maxKeyLength()} characters, values up to
 * {@link ConsensusConfig#maxValueBytes()} bytes. Every call is bounded by the request timeout. The
 * blocking methods throw the {@link ConsensusException} subclasses; the asynchronous ones complete
 * exceptionally with them.
 */
public interface ConsensusMap {

    CompletableFuture<Optional<Versioned>> getAsync(String key, ReadConsistency consistency);

    /** Writes {@code value}; completes with the new version. */
    CompletableFuture<Long> putAsync(String key, byte[] value);

    /** Deletes the key; completes with whether it existed. */
    CompletableFuture<Boolean> deleteAsync(String key);

    /**
     * Writes {@code value} only if the key is at {@code expectedVersion}; completes with the new version,
     * or with {@link VersionMismatchException} or {@link NoSuchKeyException}.
     */
    CompletableFuture<Long> compareAndSetAsync(String key, long expectedVersion, byte[] value);

    /** A linearizable read. */
    default Optional<Versioned> get(String key) {
        return get(key, ReadConsistency.LINEARIZABLE);
    }

    default Optional<Versioned> get(String key, ReadConsistency consistency) {
        return await(getAsync(key, consistency));
    }

    /** @return the new version */
    default long put(String key, byte[] value) {
        return await(putAsync(key, value));
    }

    /** @return whether the key existed */
    default boolean delete(String key) {
        return await(deleteAsync(key));
    }

    /**
     * @return the new version
     * @throws VersionMismatchException when the key is at another version
     * @throws NoSuchKeyException when the key does not exist
     */
    default long compareAndSet(String key, long expectedVersion, byte[] value) {
        return await(compareAndSetAsync(key, expectedVersion, value));
    }

    /**
     * Waits for a future of this API (which completes by itself within the request timeout) and
     * rethrows its {@link ConsensusException} as is.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsensusException("interrupted while waiting for the consensus group", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CompletionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof CompletionException c && c.getCause() != null) {
            return unwrap(c.getCause());
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new ConsensusException("consensus call failed: " + cause, cause);
    }
}

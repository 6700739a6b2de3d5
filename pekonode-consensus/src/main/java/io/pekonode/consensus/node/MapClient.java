package io.pekonode.consensus.node;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusLimitException;
import io.pekonode.consensus.ConsensusMap;
import io.pekonode.consensus.NoSuchKeyException;
import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.VersionMismatchException;
import io.pekonode.consensus.Versioned;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The consensus map of one node: checks the input, sends the operation, turns the answer into the API's. */
final class MapClient implements ConsensusMap {

    private final ConsensusService service;
    private final ConsensusConfig config;

    MapClient(ConsensusService service, ConsensusConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public CompletableFuture<Optional<Versioned>> getAsync(String key, ReadConsistency consistency) {
        Objects.requireNonNull(consistency, "consistency");
        return run(key, null, () -> new Operation.Get(key), consistency == ReadConsistency.STALE, result -> {
            if (result instanceof Result.Found f) {
                return Optional.of(new Versioned(f.value(), f.version()));
            }
            if (result instanceof Result.NotFound) {
                return Optional.empty();
            }
            throw unexpected(result);
        });
    }

    @Override
    public CompletableFuture<Long> putAsync(String key, byte[] value) {
        return run(key, value, () -> new Operation.Put(key, value), false, result -> {
            if (result instanceof Result.Written w) {
                return w.version();
            }
            throw unexpected(result);
        });
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(String key) {
        return run(key, null, () -> new Operation.Delete(key), false, result -> {
            if (result instanceof Result.Deleted d) {
                return d.existed();
            }
            throw unexpected(result);
        });
    }

    @Override
    public CompletableFuture<Long> compareAndSetAsync(String key, long expectedVersion, byte[] value) {
        return run(key, value, () -> new Operation.CompareAndSet(key, expectedVersion, value), false, result -> {
            if (result instanceof Result.Written w) {
                return w.version();
            }
            if (result instanceof Result.Mismatch m) {
                throw new VersionMismatchException(key, expectedVersion, m.currentVersion());
            }
            if (result instanceof Result.NotFound) {
                throw new NoSuchKeyException(key);
            }
            throw unexpected(result);
        });
    }

    private <T> CompletableFuture<T> run(String key, byte[] value, java.util.function.Supplier<Operation> operation,
                                         boolean stale, Function<Result, T> answer) {
        try {
            checkKey(key);
            if (value != null && value.length > config.maxValueBytes()) {
                throw new ConsensusLimitException("value of " + value.length + " bytes is over the limit of "
                        + config.maxValueBytes() + " bytes");
            }
        } catch (ConsensusLimitException e) {
            return CompletableFuture.failedFuture(e);
        }
        return service.call(operation.get(), stale, service.requestTimeout()).thenApply(answer);
    }

    private void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new ConsensusLimitException("a key must not be empty");
        }
        if (key.length() > config.maxKeyLength()) {
            throw new ConsensusLimitException("key of " + key.length() + " characters is over the limit of "
                    + config.maxKeyLength());
        }
    }

    private static ConsensusException unexpected(Result result) {
        return new ConsensusException("unexpected answer from the group: " + result);
    }
}

package io.pekonode.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Helpers for futures handed to users. */
public final class Futures {

    private Futures() {
    }

    /**
     * A copy of {@code source} that completes on the common pool rather than on the thread that
     * completed {@code source}. Futures from the loop complete on the loop thread; without this hop a
     * user's {@code thenAccept} would run there, which is exactly what must never happen.
     */
    public static <T> CompletableFuture<T> offLoop(CompletableFuture<T> source) {
        CompletableFuture<T> out = new CompletableFuture<>();
        source.whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
        return out;
    }
}

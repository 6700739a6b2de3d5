package io.pekonode.engine.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Helpers for futures handed to users. */
public final class Futures {

    /**
     * Where futures handed to users complete: idle threads are reused, and a thread idle for a minute
     * ends, so a quiet JVM keeps none. Not {@code CompletableFuture}'s default async pool: on a machine
     * with two cores or fewer the common pool has one worker, and the default then starts a new
     * thread for every task, so each send or request paid for a thread start (about 0.5 ms on two busy
     * cores, against 30 microseconds to hand over to a waiting thread). Shared by every node in the
     * JVM and never shut down, so a future that completes while or after its node closes still does.
     * Unbounded like the default it replaces: a user callback that blocks holds one thread, not a
     * queue of other users' callbacks.
     */
    private static final Executor CALLBACKS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new CallbackThreads());

    private Futures() {
    }

    /**
     * A copy of {@code source} that completes on a {@code pekonode-callback-<n>} thread rather than on
     * the thread that completed {@code source}. Futures from the loop complete on the loop thread;
     * without this hop a user's {@code thenAccept} would run there, which is exactly what must never
     * happen.
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
        }, CALLBACKS);
        return out;
    }

    private static final class CallbackThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "pekonode-callback-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

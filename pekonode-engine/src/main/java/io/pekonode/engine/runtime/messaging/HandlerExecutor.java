package io.pekonode.engine.runtime.messaging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs handlers off the event loop: a few daemon threads ({@code pekonode-handler-<k>-<name>}) and a
 * bounded queue. Why bounded and non-blocking: the loop hands work over and must never wait, and a
 * peer flooding requests must not grow memory without limit. When the queue is full
 * {@link #tryRun} returns false and the caller answers "overloaded" or drops, and counts it.
 * Threads are created on demand and time out when idle, so a node without handlers has none.
 */
public final class HandlerExecutor implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(HandlerExecutor.class);
    /** Idle handler threads end after this, so a quiet node holds no threads for messaging. */
    private static final long IDLE_THREAD_SECONDS = 30;
    /** How long close waits for running handlers after interrupting them; a stuck one is left behind. */
    private static final long STOP_WAIT_SECONDS = 2;

    private final ThreadPoolExecutor pool;

    public HandlerExecutor(String nodeName, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("handler threads and queue capacity must be >= 1: " + threads + ", "
                    + queueCapacity);
        }
        AtomicInteger count = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity), r -> {
            Thread t = new Thread(r, "pekonode-handler-" + count.incrementAndGet() + "-" + nodeName);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code task}; false when the queue is full or the executor is closed. Never blocks. */
    public boolean tryRun(Runnable task) {
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Messaging task failed", e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops the threads, interrupting running handlers, and waits briefly for them. Idempotent. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("A message handler did not stop within {} s of close", STOP_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

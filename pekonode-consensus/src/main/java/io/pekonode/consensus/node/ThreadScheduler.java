package io.pekonode.consensus.node;

import io.pekonode.consensus.raft.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The consensus module's own thread: one task at a time, in order, off the protocol and handler threads. */
final class ThreadScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ThreadScheduler.class);
    /** How long close waits for the task in progress (an fsync of the Raft log at most) before interrupting it. */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final ScheduledThreadPoolExecutor executor;
    private final long origin = System.nanoTime();
    private volatile boolean closed;

    ThreadScheduler(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        // On close, tasks not yet started are dropped; only the one in progress is let finish.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        if (executor.isShutdown()) {
            return;
        }
        try {
            executor.schedule(() -> {
                if (closed) {
                    return; // queued before close, due after it: dropped, as by a stopped node
                }
                try {
                    task.run();
                } catch (RuntimeException | LinkageError e) {
                    // The executor would keep the failure in a future nobody reads: say it here.
                    LOG.error("consensus task failed", e);
                }
            }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: tasks after close are dropped, as by a stopped node
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        // Not shutdownNow at once: interrupting a task that is writing the Raft log closes the
        // channel under it (ClosedByInterruptException) and can cut a record in half.
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("consensus task still running {} ms after close; interrupting it", CLOSE_WAIT_MILLIS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

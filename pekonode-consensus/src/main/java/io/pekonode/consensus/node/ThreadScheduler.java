package io.pekonode.consensus.node;

import io.pekonode.consensus.raft.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The consensus module's own thread: one task at a time, in order, off the protocol and handler threads. */
final class ThreadScheduler implements Scheduler, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(ThreadScheduler.class);

    private final ScheduledThreadPoolExecutor executor;
    private final long origin = System.nanoTime();

    ThreadScheduler(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
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

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

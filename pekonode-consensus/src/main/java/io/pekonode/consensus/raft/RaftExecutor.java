package io.pekonode.consensus.raft;

import io.microraft.executor.RaftNodeExecutor;
import java.util.concurrent.TimeUnit;

/**
 * MicroRaft's executor on a {@link Scheduler}: tasks run one at a time in order, and its delays are
 * converted from its time base ({@link RaftTiming}) to real time. A stopped executor drops tasks, as a
 * crashed process would.
 */
final class RaftExecutor implements RaftNodeExecutor {

    private final Scheduler scheduler;
    private final RaftTiming timing;
    private volatile boolean stopped;

    RaftExecutor(Scheduler scheduler, RaftTiming timing) {
        this.scheduler = scheduler;
        this.timing = timing;
    }

    @Override
    public void execute(Runnable task) {
        submit(task);
    }

    @Override
    public void submit(Runnable task) {
        if (!stopped) {
            scheduler.execute(guard(task));
        }
    }

    @Override
    public void schedule(Runnable task, long delay, TimeUnit timeUnit) {
        if (!stopped) {
            scheduler.schedule(guard(task), timing.toRealMillis(delay, timeUnit));
        }
    }

    void stop() {
        stopped = true;
    }

    private Runnable guard(Runnable task) {
        return () -> {
            if (!stopped) {
                task.run();
            }
        };
    }
}

package io.pekonode.consensus.raft;

import io.microraft.executor.RaftNodeExecutor;
import io.microraft.impl.task.LeaderElectionTimeoutTask;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * MicroRaft's executor on a {@link Scheduler}: tasks run one at a time in order, and its delays are
 * converted from its time base ({@link RaftTiming}) to real time. A stopped executor drops tasks, as a
 * crashed process would.
 *
 * <p>A candidate's retry after a split vote gets a random extra delay of up to
 * {@link RaftTiming#electionRetryJitterMillis()}: MicroRaft adds only up to 100 of its milliseconds, which
 * our time base shrinks to a few real ones, so two candidates that started together kept splitting the
 * vote, round after round, each round an election timeout long.
 */
final class RaftExecutor implements RaftNodeExecutor {

    private final Scheduler scheduler;
    private final RaftTiming timing;
    private final Random random;
    private volatile boolean stopped;

    RaftExecutor(Scheduler scheduler, RaftTiming timing, Random random) {
        this.scheduler = scheduler;
        this.timing = timing;
        this.random = random;
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
            long millis = timing.toRealMillis(delay, timeUnit);
            if (task instanceof LeaderElectionTimeoutTask) {
                // MicroRaft's class for a candidate's retry (MicroRaft 0.7, like StalePreVoteGuard).
                millis += random.nextInt((int) timing.electionRetryJitterMillis() + 1);
            }
            scheduler.schedule(guard(task), millis);
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

package io.pekonode.consensus.raft;

/**
 * Where a group member's work runs: one task at a time, in submission order (tasks due at the same
 * time run in the order they were scheduled). A thread in a node, virtual time in the simulator.
 */
public interface Scheduler {

    /** Monotonic milliseconds (never the wall clock, which can jump). */
    long nowMillis();

    void execute(Runnable task);

    void schedule(Runnable task, long delayMillis);
}

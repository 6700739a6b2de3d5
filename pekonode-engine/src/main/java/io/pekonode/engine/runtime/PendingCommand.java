package io.pekonode.engine.runtime;

/** A queued command: run on the loop, or failed when the loop stopped before it could run. */
interface PendingCommand {
    void run();

    void fail(Throwable reason);
}

package io.pekonode.agent.handlers;

/**
 * Counters of handler commands since the agent started.
 *
 * @param started   commands launched
 * @param succeeded exited with status 0 in time
 * @param failed    exited non-zero or could not be started
 * @param timedOut  killed for running past the timeout
 * @param rejected  not run because every slot and the queue were busy (an event storm)
 */
public record HandlerStats(long started, long succeeded, long failed, long timedOut, long rejected) {
}

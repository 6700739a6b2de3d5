package io.pekonode.agent.handlers;

import java.util.Map;

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

    public static final HandlerStats ZERO = new HandlerStats(0, 0, 0, 0, 0);

    /** Both counts added: the totals of a handler set and the sets it replaced. */
    public HandlerStats plus(HandlerStats other) {
        return new HandlerStats(started + other.started, succeeded + other.succeeded, failed + other.failed,
                timedOut + other.timedOut, rejected + other.rejected);
    }

    /** The counts by outcome name, as the agent's meters tag them. */
    public Map<String, Long> byOutcome() {
        return Map.of("started", started, "succeeded", succeeded, "failed", failed, "timed_out", timedOut,
                "rejected", rejected);
    }
}

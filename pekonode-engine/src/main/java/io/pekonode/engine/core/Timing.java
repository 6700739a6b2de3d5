package io.pekonode.engine.core;

/**
 * A duration the core measured on its injected clock, for the runtime to record in a timer (the
 * core itself keeps no histograms).
 *
 * @param kind   what was measured
 * @param millis how long it took, in the core's milliseconds
 */
public record Timing(Kind kind, long millis) {

    /** The measured intervals; names are stable (used in meter names). */
    public enum Kind {
        /** From sending a probe to its ack (direct, or relayed through an indirect probe). */
        PROBE_ROUND_TRIP,
        /** From a member being suspected here to this node declaring it dead. */
        SUSPICION_TO_DEAD,
        /** From a rumor entering the gossip queue to its first transmission. */
        GOSSIP_QUEUE_DELAY
    }
}

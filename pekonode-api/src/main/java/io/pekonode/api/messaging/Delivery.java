package io.pekonode.api.messaging;

/**
 * The path a one-way message takes. Neither waits for the handler nor brings an answer back; use a
 * request for that.
 */
public enum Delivery {
    /**
     * As one packet when its frame fits (a bigger one goes over the stream): cheapest, but a packet can
     * be lost or overtaken by a later one.
     */
    BEST_EFFORT,
    /**
     * Over the stream to the member (TCP, also for the UDP transport), whatever the size, and answered
     * with no reply frame. Messages to one member reach it in the order they were sent while its
     * connection lasts (its handlers run on a pool, so two may still run at once). A connection that
     * breaks can lose what was in flight, so the protocol on top must tolerate loss (Raft does).
     */
    STREAM
}

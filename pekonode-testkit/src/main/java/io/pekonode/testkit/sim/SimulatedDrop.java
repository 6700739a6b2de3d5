package io.pekonode.testkit.sim;

/** Why the simulated network did not deliver a message. */
public enum SimulatedDrop {
    /** Random packet loss (global or per link). */
    LOSS,
    /** A reliable message whose connection failed, timed out or was reset (see {@link SimNetwork#reliableFailureRate}). */
    RELIABLE_FAILURE,
    /** Sender and receiver are on different sides of a partition, at send or at delivery time. */
    PARTITION,
    /** Nothing listens on the destination address: never created, crashed, or not yet restarted. */
    NO_ROUTE,
    /** The receiver was frozen and its inbound buffer was full. */
    FROZEN_OVERFLOW
}

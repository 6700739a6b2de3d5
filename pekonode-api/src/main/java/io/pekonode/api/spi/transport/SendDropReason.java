package io.pekonode.api.spi.transport;

/**
 * Why a transport dropped an outgoing packet or failed an outgoing reliable message; reported
 * through {@link TransportListener#onSendDropped}. The engine counts each value as its own series of
 * {@code pekonode.packets.dropped}, so a value names a kind of drop and never carries figures (those
 * go in the {@code detail} text).
 */
public enum SendDropReason {
    /** The bytes already queued for the destination reached {@link TransportConfig#sendQueueLimit()}. */
    QUEUE_FULL,
    /** Larger than {@link Transport#maxPacketSize()} (packets) or {@link TransportConfig#maxFrameSize()} (reliable). */
    OVERSIZED,
    /** The destination's host name did not resolve (or not in time). */
    UNRESOLVED_HOST,
    /**
     * A connection to the destination could not be opened: unreachable, timed out, or refused by a
     * transport that cannot tell a refusal apart.
     */
    CONNECT_FAILED,
    /**
     * The destination's host answered that nothing listens on the port (a TCP reset to the connect):
     * the process there is gone or closed its port. A paused, overloaded or unreachable process does
     * not cause this (its connects wait or time out), so the engine's failure detector takes it as
     * proof of a crash. Report it only for that answer, never for a timeout or an unreachable host.
     */
    CONNECTION_REFUSED,
    /**
     * Failed at once, without a connect, because connects to the destination kept failing and the
     * transport is letting it cool down (a circuit breaker; see {@link TransportListener#onCircuitOpened}).
     */
    CIRCUIT_OPEN,
    /** No new connection could be opened: {@link TransportConfig#maxConnections()} was reached. */
    CONNECTION_LIMIT,
    /** The connection carrying the data broke, or a write stalled past {@link TransportConfig#ioTimeout()}. */
    CONNECTION_LOST,
    /** The operating system's send buffer had no room (non-blocking datagram send). */
    SEND_BUFFER_FULL,
    /** The operating system refused the send for another reason. */
    SEND_ERROR,
    /** The transport was closed, or closing, before the data left. */
    CLOSED
}

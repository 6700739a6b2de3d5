package io.pekonode.api.spi.transport;

/**
 * Why a transport refused input before it became a packet or message for the listener; reported
 * through {@link TransportListener#onRejected}. The engine counts each value as its own series of
 * {@code pekonode.packets.dropped}, so a value names a kind of rejection and never carries figures
 * (those go in the {@code detail} text).
 */
public enum RejectReason {
    /** A frame declared a length over {@link TransportConfig#maxFrameSize()}; nothing was allocated for it. */
    FRAME_TOO_LARGE,
    /** A frame carried a type byte the transport does not know. */
    UNKNOWN_FRAME_TYPE,
    /** The peer closed the connection in the middle of a frame. */
    TRUNCATED_FRAME,
    /** An inbound connection delivered no complete frame within {@link TransportConfig#ioTimeout()} of being accepted. */
    NO_FIRST_FRAME,
    /** A started frame did not complete within {@link TransportConfig#ioTimeout()}. */
    FRAME_TIMEOUT,
    /** An inbound connection was refused because {@link TransportConfig#maxConnections()} was reached. */
    CONNECTION_LIMIT,
    /** An idle inbound connection was closed to make room for a new one at the connection limit. */
    CONNECTION_DISPLACED,
    /** A datagram larger than {@link TransportConfig#maxPacketSize()} arrived; it was not delivered. */
    OVERSIZED_PACKET
}

package io.pekonode.transport.stream;

/**
 * A snapshot of a {@link FramedStreamEndpoint}'s counters since it started. Meant for logs, tests
 * and for the engine to export as meters; every field only grows except {@code openConnections}.
 *
 * @param connectsStarted     outbound connections attempted
 * @param connectsFailed      outbound connections that failed or timed out before connecting
 * @param accepted            inbound connections accepted
 * @param refused             inbound connections closed at once because {@code maxConnections} was reached
 * @param openConnections     connections open now (inbound, outbound and connecting)
 * @param closedIdle          connections closed for being idle longer than {@code idleTimeout}, or
 *                            displaced by a new inbound connection at the inbound limit
 * @param timeouts            connections closed because a frame did not finish within {@code ioTimeout},
 *                            an inbound connection sent no frame within it, or a connect did not finish
 *                            within {@code connectTimeout}
 * @param framesSent          frames written in full
 * @param framesReceived      frames read in full and delivered
 * @param bytesSent           bytes written to sockets
 * @param bytesReceived       bytes read from sockets
 * @param framesRejected      inbound connections closed for bad framing (too large, unknown type, stalled)
 * @param packetsDropped      packet frames not sent (too large, queue full, connection failed, closed)
 * @param reliableFailed      reliable messages whose future failed
 * @param listenerErrors      exceptions thrown by the listener (logged and swallowed)
 * @param circuitOpenFailures frames failed at once, without a connect, because the peer's circuit
 *                            breaker was open (or half-open with its trial connect under way); each is
 *                            also in {@code packetsDropped} or {@code reliableFailed}
 * @param circuitsOpened      times a peer's circuit breaker opened, or re-opened after a failed trial
 */
public record StreamCounters(long connectsStarted, long connectsFailed, long accepted, long refused,
                             long openConnections, long closedIdle, long timeouts, long framesSent,
                             long framesReceived, long bytesSent, long bytesReceived, long framesRejected,
                             long packetsDropped, long reliableFailed, long listenerErrors,
                             long circuitOpenFailures, long circuitsOpened) {

    /** Every counter at zero: what a transport reports before it started. */
    public static final StreamCounters ZERO = new StreamCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

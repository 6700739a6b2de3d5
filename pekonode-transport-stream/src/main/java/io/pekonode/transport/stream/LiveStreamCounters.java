package io.pekonode.transport.stream;

import java.util.concurrent.atomic.LongAdder;

/** The mutable side of {@link StreamCounters}; written by the I/O thread and by callers. */
final class LiveStreamCounters {
    final LongAdder connectsStarted = new LongAdder();
    final LongAdder connectsFailed = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder closedIdle = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder framesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder framesRejected = new LongAdder();
    final LongAdder packetsDropped = new LongAdder();
    final LongAdder reliableFailed = new LongAdder();
    final LongAdder listenerErrors = new LongAdder();
    final LongAdder circuitOpenFailures = new LongAdder();
    final LongAdder circuitsOpened = new LongAdder();
    volatile int openConnections;

    StreamCounters snapshot() {
        return new StreamCounters(connectsStarted.sum(), connectsFailed.sum(), accepted.sum(), refused.sum(),
                openConnections, closedIdle.sum(), timeouts.sum(), framesSent.sum(), framesReceived.sum(),
                bytesSent.sum(), bytesReceived.sum(), framesRejected.sum(), packetsDropped.sum(),
                reliableFailed.sum(), listenerErrors.sum(), circuitOpenFailures.sum(), circuitsOpened.sum());
    }
}

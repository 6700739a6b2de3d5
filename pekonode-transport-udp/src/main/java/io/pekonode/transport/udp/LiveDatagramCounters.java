package io.pekonode.transport.udp;

import java.util.concurrent.atomic.LongAdder;

/** The mutable side of {@link DatagramCounters}, written by senders and the receiver thread. */
final class LiveDatagramCounters {
    final LongAdder packetsSent = new LongAdder();
    final LongAdder packetsReceived = new LongAdder();
    final LongAdder droppedOversized = new LongAdder();
    final LongAdder droppedUnresolved = new LongAdder();
    final LongAdder droppedBufferFull = new LongAdder();
    final LongAdder droppedSendError = new LongAdder();
    final LongAdder rejectedOversized = new LongAdder();
    final LongAdder listenerErrors = new LongAdder();

    DatagramCounters snapshot() {
        return new DatagramCounters(packetsSent.sum(), packetsReceived.sum(), droppedOversized.sum(),
                droppedUnresolved.sum(), droppedBufferFull.sum(), droppedSendError.sum(), rejectedOversized.sum(),
                listenerErrors.sum());
    }
}

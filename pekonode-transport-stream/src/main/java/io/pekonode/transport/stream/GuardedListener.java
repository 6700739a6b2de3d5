package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportListener;
import java.net.InetSocketAddress;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The listener as the endpoint calls it: a callback that throws is logged and counted, and never
 * reaches the I/O thread or a caller's send.
 */
final class GuardedListener {

    private static final Logger LOG = LogManager.getLogger(GuardedListener.class);

    private final TransportListener listener;
    private final LiveStreamCounters counters;

    GuardedListener(TransportListener listener, LiveStreamCounters counters) {
        this.listener = listener;
        this.counters = counters;
    }

    void delivered(byte type, byte[] payload, InetSocketAddress source) {
        try {
            if (type == Frames.PACKET) {
                listener.onPacket(payload, source);
            } else {
                listener.onReliable(payload, source);
            }
        } catch (RuntimeException e) {
            failed((type == Frames.PACKET ? "onPacket" : "onReliable") + " for a frame from " + StreamLoop.format(source), e);
        }
    }

    void rejected(RejectReason reason, String detail, InetSocketAddress source) {
        try {
            listener.onRejected(reason, detail, source);
        } catch (RuntimeException e) {
            failed("onRejected", e);
        }
    }

    void sendDropped(SendDropReason reason, NodeAddress to, String detail) {
        try {
            listener.onSendDropped(reason, to, detail);
        } catch (RuntimeException e) {
            failed("onSendDropped", e);
        }
    }

    void circuitOpened(InetSocketAddress peer) {
        try {
            listener.onCircuitOpened(peer);
        } catch (RuntimeException e) {
            failed("onCircuitOpened", e);
        }
    }

    private void failed(String what, RuntimeException e) {
        counters.listenerErrors.increment();
        LOG.warn("transport listener threw in {}", what, e);
    }
}

package io.pekonode.transport.udp;

import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The receiving thread of a {@link UdpTransport}. The channel is non-blocking (so senders never
 * wait on it), hence the selector. The buffer holds one byte more than the packet limit: a datagram
 * that fills it was larger than allowed (the OS truncated it) and is rejected, not delivered cut.
 */
final class DatagramReceiver implements Runnable {

    private static final Logger LOG = LogManager.getLogger(DatagramReceiver.class);
    /** Datagrams read per wakeup before checking for shutdown again. */
    private static final int BATCH = 1024;

    private final DatagramChannel channel;
    private final Selector selector;
    private final int maxPacketSize;
    private final TransportListener listener;
    private final LiveDatagramCounters counters;
    private volatile boolean stopping;

    DatagramReceiver(DatagramChannel channel, Selector selector, int maxPacketSize, TransportListener listener,
                     LiveDatagramCounters counters) {
        this.channel = channel;
        this.selector = selector;
        this.maxPacketSize = maxPacketSize;
        this.listener = listener;
        this.counters = counters;
    }

    void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(maxPacketSize + 1);
        try {
            while (!stopping) {
                selector.select();
                selector.selectedKeys().clear();
                receiveAvailable(buffer);
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            if (!stopping) {
                LOG.error("UDP socket {} closed unexpectedly (was a sending thread interrupted?); no more packets "
                        + "are received", Thread.currentThread().getName());
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                LOG.error("UDP receiver {} stopped unexpectedly", Thread.currentThread().getName(), e);
            }
        }
    }

    private void receiveAvailable(ByteBuffer buffer) throws ClosedChannelException {
        for (int i = 0; i < BATCH && !stopping; i++) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                LOG.debug("UDP receive failed: {}", e.toString()); // e.g. an ICMP error surfaced here
                return;
            }
            if (source == null) {
                return;
            }
            buffer.flip();
            if (buffer.remaining() > maxPacketSize) {
                counters.rejectedOversized.increment();
                notifyRejected(RejectReason.OVERSIZED_PACKET, "oversized packet: more than " + maxPacketSize + " bytes", source);
                continue;
            }
            byte[] packet = new byte[buffer.remaining()];
            buffer.get(packet);
            counters.packetsReceived.increment();
            try {
                listener.onPacket(packet, source);
            } catch (RuntimeException e) {
                counters.listenerErrors.increment();
                LOG.warn("transport listener threw while handling a packet from {}", source, e);
            }
        }
    }

    private void notifyRejected(RejectReason reason, String detail, InetSocketAddress source) {
        try {
            listener.onRejected(reason, detail, source);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
            LOG.warn("transport listener threw in onRejected", e);
        }
    }
}

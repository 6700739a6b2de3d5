package io.pekonode.engine.runtime;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.frame.FrameProtector;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Encodes, seals and sends what the core produced (on the event loop) and what messaging sends (on
 * callers' and handler threads; codec, frames and transport are thread-safe). The transport's send
 * methods only queue, so this never waits on the network.
 *
 * <p>A packet whose frame exceeds the transport's packet size goes over the reliable path rather
 * than being lost (the core sizes packets from its budget, so this is rare: a large single rumor).
 * A frame over the reliable limit cannot be sent at all and is dropped as {@code oversize}.
 */
final class OutboundSender {

    private static final Logger LOG = LogManager.getLogger(OutboundSender.class);

    private final Transport transport;
    private final Codec codec;
    private final FrameProtector frames;
    private final EngineMetrics metrics;
    private final int maxFrameSize;

    OutboundSender(Transport transport, Codec codec, FrameProtector frames, EngineMetrics metrics, int maxFrameSize) {
        this.transport = transport;
        this.codec = codec;
        this.frames = frames;
        this.metrics = metrics;
        this.maxFrameSize = maxFrameSize;
    }

    void send(OutboundMessage out) {
        send(out.to(), out.message(), out.reliable());
    }

    /**
     * Sends one message; thread-safe (messaging sends from callers' and handler threads, so a large
     * payload is encoded there, not on the loop). The future completes once the transport took the
     * message and fails when it could not be encoded, is over the frame limit, or the reliable path
     * failed; every failure is also counted.
     */
    CompletableFuture<Void> send(NodeAddress to, WireMessage message, boolean reliable) {
        byte[] frame;
        try {
            frame = frames.seal(codec.encode(message));
        } catch (RuntimeException e) {
            metrics.dropped(DropReason.CODEC_ERROR);
            LOG.warn("Could not encode {} for {}", message.getClass().getSimpleName(), to, e);
            return CompletableFuture.failedFuture(new IOException("could not encode " + message.getClass().getSimpleName()
                    + ": " + e.getMessage(), e));
        }
        if (frame.length > maxFrameSize) {
            metrics.dropped(DropReason.OVERSIZE);
            LOG.warn("Dropped a {}-byte {} to {}: over the {}-byte frame limit", frame.length,
                    message.getClass().getSimpleName(), to, maxFrameSize);
            return CompletableFuture.failedFuture(new IOException("a " + frame.length + "-byte frame is over the "
                    + maxFrameSize + "-byte limit"));
        }
        boolean viaReliable = reliable;
        if (!viaReliable && frame.length > transport.maxPacketSize()) {
            viaReliable = true;
            metrics.rerouted();
        }
        metrics.messageOut(message, frame.length, viaReliable);
        try {
            if (viaReliable) {
                return transport.sendReliable(to, frame).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        metrics.reliableSendFailed();
                        LOG.debug("Reliable send to {} failed: {}", to, failure.toString());
                    }
                });
            }
            transport.sendPacket(to, frame);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            // Transports should not throw for network conditions; one that does must not stop the loop.
            metrics.reliableSendFailed();
            LOG.debug("Transport refused a send to {}: {}", to, e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }
}

package io.pekonode.engine.runtime;

import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.engine.core.Outbound;
import io.pekonode.engine.frame.FrameProtector;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Encodes, seals and sends what the core produced. Runs on the event loop; the transport's send
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

    void send(Outbound out) {
        byte[] frame;
        try {
            frame = frames.seal(codec.encode(out.message()));
        } catch (RuntimeException e) {
            metrics.dropped(DropReason.CODEC_ERROR);
            LOG.warn("Could not encode {} for {}", out.message().getClass().getSimpleName(), out.to(), e);
            return;
        }
        if (frame.length > maxFrameSize) {
            metrics.dropped(DropReason.OVERSIZE);
            LOG.warn("Dropped a {}-byte {} to {}: over the {}-byte frame limit", frame.length,
                    out.message().getClass().getSimpleName(), out.to(), maxFrameSize);
            return;
        }
        boolean reliable = out.reliable();
        if (!reliable && frame.length > transport.maxPacketSize()) {
            reliable = true;
            metrics.rerouted();
        }
        metrics.messageOut(out.message(), frame.length, reliable);
        try {
            if (reliable) {
                transport.sendReliable(out.to(), frame).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        metrics.reliableSendFailed();
                        LOG.debug("Reliable send to {} failed: {}", out.to(), failure.toString());
                    }
                });
            } else {
                transport.sendPacket(out.to(), frame);
            }
        } catch (RuntimeException e) {
            // Transports should not throw for network conditions; one that does must not stop the loop.
            metrics.reliableSendFailed();
            LOG.debug("Transport refused a send to {}: {}", out.to(), e.toString());
        }
    }
}

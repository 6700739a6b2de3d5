package io.pekonode.engine.runtime;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.frame.FrameException;
import io.pekonode.engine.frame.FrameProtector;
import io.pekonode.engine.frame.RejectedFrameLog;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Receives bytes on transport threads, opens frames and decodes them there, and hands only valid
 * messages to the event loop. Doing the untrusted parsing here keeps garbage, and the CPU it costs,
 * off the loop, and lets several transport threads decode in parallel. Never blocks: when the loop's
 * queue is full the message is dropped and counted.
 *
 * <p>Before anything is opened, each source host must pass its {@link SourceRateLimiter} bucket, so
 * one flooding host is cut off at the cost of a hash lookup per packet while the others get through.
 */
final class InboundHandler implements TransportListener {

    private static final Logger LOG = LogManager.getLogger(InboundHandler.class);

    private final FrameProtector frames;
    private final Codec codec;
    private final Mailbox mailbox;
    private final EngineMetrics metrics;
    private final RejectedFrameLog rejections = new RejectedFrameLog(LOG, Duration.ofMinutes(1));
    private final RateLimitedLog limitedLog = new RateLimitedLog(LOG, 60_000);
    private final SourceRateLimiter limiter;
    private volatile boolean closed;
    private volatile Consumer<NodeAddress> refusals = to -> { };

    InboundHandler(FrameProtector frames, Codec codec, Mailbox mailbox, EngineMetrics metrics) {
        this(frames, codec, mailbox, metrics, SourceRateLimiter.defaults());
    }

    /** With the node's own rate limit ({@code limits().inboundRateLimit()} of its config; empty is off). */
    InboundHandler(NodeSetup setup, Codec codec, Mailbox mailbox) {
        this(setup.frames(), codec, mailbox, setup.metrics(),
                SourceRateLimiter.of(setup.config().limits().inboundRateLimit()));
    }

    InboundHandler(FrameProtector frames, Codec codec, Mailbox mailbox, EngineMetrics metrics, SourceRateLimiter limiter) {
        this.frames = frames;
        this.codec = codec;
        this.mailbox = mailbox;
        this.metrics = metrics;
        this.limiter = limiter;
    }

    @Override
    public void onPacket(byte[] packet, InetSocketAddress source) {
        accept(packet, source, false);
    }

    @Override
    public void onReliable(byte[] message, InetSocketAddress source) {
        accept(message, source, true);
    }

    @Override
    public void onRejected(RejectReason reason, String detail, InetSocketAddress source) {
        metrics.dropped(DropReason.of(reason));
        LOG.debug("The transport rejected input from {}: {} ({})", source, reason, detail);
    }

    /**
     * Send-side losses of the transport, counted in the same meter as inbound drops. A refused connect
     * is also evidence for the failure detector, so it goes on to the loop.
     */
    @Override
    public void onSendDropped(SendDropReason reason, NodeAddress to, String detail) {
        metrics.dropped(DropReason.of(reason));
        LOG.debug("The transport dropped a send to {}: {} ({})", to, reason, detail);
        if (reason == SendDropReason.CONNECTION_REFUSED && to != null && !closed) {
            refusals.accept(to);
        }
    }

    /** Where refused connects go once the loop exists; until then they are only counted. */
    void onConnectionRefused(Consumer<NodeAddress> sink) {
        this.refusals = sink;
    }

    @Override
    public void onCircuitOpened(InetSocketAddress peer) {
        metrics.dropped(DropReason.CIRCUIT_OPENED);
    }

    void close() {
        closed = true;
    }

    private void accept(byte[] frame, InetSocketAddress source, boolean reliable) {
        if (closed) {
            metrics.dropped(DropReason.CLOSED);
            return;
        }
        if (!limiter.tryAcquire(source)) {
            metrics.dropped(DropReason.RATE_LIMITED);
            limitedLog.warn(() -> "Rate-limiting inbound frames from " + (source == null ? "unknown" : source.getHostString())
                    + ": over its rate (drops counted in pekonode.packets.dropped{reason=rate_limited})", null);
            return;
        }
        WireMessage message;
        try {
            message = codec.decode(frames.open(frame));
        } catch (FrameException e) {
            metrics.dropped(DropReason.of(e.reason()));
            rejections.rejected(source == null ? "unknown" : source.getHostString(), e);
            return;
        } catch (DecodeException e) {
            metrics.dropped(DropReason.of(e.reason()));
            LOG.debug("Dropped a message from {}: {}", source, e.getMessage());
            return;
        } catch (RuntimeException e) {
            // The codec broke its contract (it must throw DecodeException only); do not let that kill
            // the transport's thread.
            metrics.dropped(DropReason.CODEC_ERROR);
            LOG.warn("Codec failed on a message from {}", source, e);
            return;
        }
        if (mailbox.offerMessage(new Inbound(message, frame.length, reliable))) {
            metrics.messageIn(message, frame.length, reliable);
        } else {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }
}

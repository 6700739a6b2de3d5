package io.pekonode.engine.runtime;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.frame.FrameProtector;
import io.pekonode.engine.runtime.messaging.HandlerRegistry;
import io.pekonode.engine.runtime.messaging.MessagingSettings;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.persistence.StateStore;
import java.util.Objects;

/**
 * Everything decided before a node starts: configuration, identity and the selected plugins. The
 * plugins are chosen when the node is created so a misconfiguration fails there, not at start.
 * The handler registry lives here, not in the runtime, so handlers can be registered before start.
 *
 * @param inboundRateLimit frames per second accepted from one source host before decoding; 0 is off
 */
public record NodeSetup(ClusterConfig config, String nodeId, String nodeName, TransportProvider transportProvider,
                        CodecProvider codecProvider, FrameProtector frames, StateStore stateStore,
                        EngineMetrics metrics, EventDispatcher dispatcher, HandlerRegistry handlers,
                        MessagingSettings messaging, int inboundRateLimit) {

    /** Frames per second per source host when the node does not say otherwise. */
    public static final int DEFAULT_INBOUND_RATE_LIMIT = SourceRateLimiter.DEFAULT_FRAMES_PER_SECOND;

    public NodeSetup {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(transportProvider, "transportProvider");
        Objects.requireNonNull(codecProvider, "codecProvider");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(stateStore, "stateStore");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(messaging, "messaging");
        if (inboundRateLimit < 0) {
            throw new IllegalArgumentException("inboundRateLimit must be 0 (off) or positive, not " + inboundRateLimit);
        }
    }

    /** With the default inbound rate limit. */
    public NodeSetup(ClusterConfig config, String nodeId, String nodeName, TransportProvider transportProvider,
                     CodecProvider codecProvider, FrameProtector frames, StateStore stateStore, EngineMetrics metrics,
                     EventDispatcher dispatcher, HandlerRegistry handlers, MessagingSettings messaging) {
        this(config, nodeId, nodeName, transportProvider, codecProvider, frames, stateStore, metrics, dispatcher, handlers,
                messaging, DEFAULT_INBOUND_RATE_LIMIT);
    }
}

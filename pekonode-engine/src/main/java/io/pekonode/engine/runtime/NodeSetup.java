package io.pekonode.engine.runtime;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.discovery.DiscoverySource;
import io.pekonode.engine.frame.FrameProtector;
import io.pekonode.engine.runtime.messaging.HandlerRegistry;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.persistence.StateStore;
import java.util.List;
import java.util.Objects;

/**
 * Everything decided before a node starts: configuration, identity and the selected plugins. The
 * plugins (discovery sources included) are chosen when the node is created so a misconfiguration fails there, not at start.
 * The handler registry lives here, not in the runtime, so handlers can be registered before start.
 * Plain settings are all in {@code config}; the other components are objects the node was built with.
 */
public record NodeSetup(ClusterConfig config, String nodeId, String nodeName, TransportProvider transportProvider,
                        CodecProvider codecProvider, FrameProtector frames, StateStore stateStore,
                        EngineMetrics metrics, EventDispatcher dispatcher, HandlerRegistry handlers,
                        List<DiscoverySource> discovery) {

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
        discovery = List.copyOf(discovery);
    }
}

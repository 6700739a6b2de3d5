package io.pekonode.agent.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.config.ClusterConfig;

/**
 * Creates the cluster node an agent runs. The agent only talks to {@link Cluster}; this seam keeps
 * the engine's factory in one place and lets tests run the agent's code against a fake cluster.
 */
@FunctionalInterface
public interface ClusterFactory {

    /** Creates an unstarted node from {@code config}. */
    Cluster create(ClusterConfig config);

    /** The real engine ({@code io.pekonode.engine.PekoNode}). */
    static ClusterFactory engine() {
        return config -> {
            throw new IllegalStateException("the PekoNode engine is not available in this build yet");
        };
    }
}

package io.pekonode.agent.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;

/**
 * Creates the cluster node an agent runs. The agent only talks to {@link Cluster}; this seam keeps
 * the engine's factory in one place and lets tests run the agent's code against a fake cluster.
 */
@FunctionalInterface
public interface ClusterFactory {

    /**
     * Creates an unstarted node from {@code config}.
     *
     * @throws IllegalStateException when the configured transport or codec plugin is missing
     */
    Cluster create(ClusterConfig config);

    /** The real engine: plugins are discovered on the module path. */
    static ClusterFactory engine() {
        return PekoNode::create;
    }
}

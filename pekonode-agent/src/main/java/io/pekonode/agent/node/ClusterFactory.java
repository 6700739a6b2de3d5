package io.pekonode.agent.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.WireSecurity;
import java.nio.file.Path;

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

    /**
     * Creates an unstarted node that keeps its id and state in {@code dataDirectory} ({@code --data-dir}).
     *
     * @throws UnsupportedOperationException from factories that cannot persist (test fakes)
     * @throws IllegalStateException         when the directory belongs to another node id than the configured one
     */
    default Cluster create(ClusterConfig config, Path dataDirectory) {
        throw new UnsupportedOperationException("this cluster factory cannot keep state in " + dataDirectory);
    }

    /**
     * Creates an unstarted node whose traffic is sealed as {@code security} says ({@code --secret-file}),
     * keeping its state in {@code dataDirectory} unless that is null.
     *
     * @throws UnsupportedOperationException from factories that cannot encrypt (test fakes)
     */
    default Cluster create(ClusterConfig config, Path dataDirectory, WireSecurity security) {
        throw new UnsupportedOperationException("this cluster factory cannot encrypt with " + security);
    }

    /**
     * Creates an unstarted node with the agent's node options. The default maps them onto the methods
     * above, so factories that only implement those (test fakes) keep working.
     *
     * @throws UnsupportedOperationException from factories that cannot apply an option
     */
    default Cluster create(ClusterConfig config, NodeOptions options) {
        if (options.security() != null) {
            return create(config, options.dataDirectory(), options.security());
        }
        return options.dataDirectory() != null ? create(config, options.dataDirectory()) : create(config);
    }

    /** The real engine: plugins are discovered on the module path. */
    static ClusterFactory engine() {
        return new ClusterFactory() {
            @Override
            public Cluster create(ClusterConfig config) {
                return PekoNode.create(config);
            }

            @Override
            public Cluster create(ClusterConfig config, Path dataDirectory) {
                return PekoNode.builder(config).dataDirectory(dataDirectory).build();
            }

            @Override
            public Cluster create(ClusterConfig config, Path dataDirectory, WireSecurity security) {
                return create(config, new NodeOptions(dataDirectory, security));
            }

            @Override
            public Cluster create(ClusterConfig config, NodeOptions options) {
                PekoNode.Builder builder = PekoNode.builder(config);
                options.dataDir().ifPresent(builder::dataDirectory);
                options.wireSecurity().ifPresent(builder::security);
                return builder.build();
            }
        };
    }
}

package io.pekonode.agent.node;

import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.WireSecurity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the agent's node is built beyond its {@link io.pekonode.api.config.ClusterConfig}: the options
 * that are {@link PekoNode.Builder} settings rather than cluster settings.
 *
 * @param dataDirectory    {@code --data-dir}, or null for a node that starts fresh every time
 * @param security         from {@code --secret-file} (with {@code --replay-window}), or null for plaintext
 * @param inboundRateLimit {@code --inbound-rate-limit}: frames per second per source host, 0 = off
 */
public record NodeOptions(Path dataDirectory, WireSecurity security, int inboundRateLimit) {

    /** No data directory, no encryption, the engine's default rate limit. */
    public static final NodeOptions DEFAULTS = new NodeOptions(null, null, PekoNode.Builder.DEFAULT_INBOUND_RATE_LIMIT);

    public NodeOptions {
        if (inboundRateLimit < 0) {
            throw new IllegalArgumentException("inbound rate limit must be 0 (off) or positive, not " + inboundRateLimit);
        }
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDirectory);
    }

    public Optional<WireSecurity> wireSecurity() {
        return Optional.ofNullable(security);
    }

    /** True when the rate limit is the engine's default, which every factory provides. */
    boolean defaultRateLimit() {
        return inboundRateLimit == PekoNode.Builder.DEFAULT_INBOUND_RATE_LIMIT;
    }
}

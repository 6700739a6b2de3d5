package io.pekonode.agent.node;

import io.pekonode.engine.security.WireSecurity;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the agent's node is built beyond its {@link io.pekonode.api.config.ClusterConfig}: the objects
 * given to {@code PekoNode.Builder} rather than settings.
 *
 * @param dataDirectory {@code --data-dir}, or null for a node that starts fresh every time
 * @param security      from {@code --secret-file} (with {@code --replay-window}), or null for plaintext
 */
public record NodeOptions(Path dataDirectory, WireSecurity security) {

    /** No data directory, no encryption. */
    public static final NodeOptions DEFAULTS = new NodeOptions(null, null);

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDirectory);
    }

    public Optional<WireSecurity> wireSecurity() {
        return Optional.ofNullable(security);
    }
}

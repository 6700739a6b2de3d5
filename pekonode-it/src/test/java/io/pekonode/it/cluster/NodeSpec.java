package io.pekonode.it.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to start one agent container of a {@link Fleet}: the flags every node gets (bind, advertise,
 * name = alias, HTTP, transport, profile) plus the ones a scenario varies. Immutable; the
 * {@code with...} methods return a changed copy, so a restart can reuse a node's spec as it was.
 *
 * @param alias      network alias, node name and advertised host
 * @param join       aliases to {@code --join} (gossip port implied)
 * @param bootstrap  whether to pass {@code --bootstrap}
 * @param dataVolume Docker named volume mounted at {@link #DATA_DIR} and passed as {@code --data-dir}
 * @param keyFile    text of a key file copied into the container (mode 0600) and passed as {@code --secret-file}
 * @param flags      further agent flags, passed after all the others (e.g. {@code --consensus-voter})
 */
public record NodeSpec(String alias, List<String> join, boolean bootstrap, Optional<String> dataVolume,
                       Optional<String> keyFile, List<String> flags) {

    /** Where a node's data volume is mounted in its container. */
    public static final String DATA_DIR = "/var/lib/pekonode";
    /** Where a node's key file is copied in its container. */
    public static final String KEY_FILE = "/etc/pekonode/cluster.keys";

    public NodeSpec {
        join = List.copyOf(join);
        flags = List.copyOf(flags);
    }

    /** Without further flags. */
    public NodeSpec(String alias, List<String> join, boolean bootstrap, Optional<String> dataVolume,
                    Optional<String> keyFile) {
        this(alias, join, bootstrap, dataVolume, keyFile, List.of());
    }

    public static NodeSpec of(String alias) {
        return new NodeSpec(alias, List.of(), false, Optional.empty(), Optional.empty());
    }

    public NodeSpec joining(List<String> aliases) {
        return new NodeSpec(alias, aliases, bootstrap, dataVolume, keyFile, flags);
    }

    public NodeSpec bootstrapping() {
        return new NodeSpec(alias, join, true, dataVolume, keyFile, flags);
    }

    public NodeSpec withDataVolume(String volume) {
        return new NodeSpec(alias, join, bootstrap, Optional.of(volume), keyFile, flags);
    }

    public NodeSpec withKeyFile(String text) {
        return new NodeSpec(alias, join, bootstrap, dataVolume, Optional.of(text), flags);
    }

    /** Adds agent flags after the ones this spec already passes. */
    public NodeSpec withFlags(String... more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(List.of(more));
        return new NodeSpec(alias, join, bootstrap, dataVolume, keyFile, all);
    }

    /** The agent's command line inside the container. */
    List<String> command(String transport, String profile) {
        List<String> args = new ArrayList<>(List.of("agent",
                "--bind", "0.0.0.0:" + AgentNode.GOSSIP_PORT,
                "--advertise", alias + ":" + AgentNode.GOSSIP_PORT,
                "--name", alias,
                "--http", "0.0.0.0:" + AgentNode.HTTP_PORT, "--http-insecure",
                "--transport", transport,
                "--profile", profile));
        for (String seed : join) {
            args.addAll(List.of("--join", seed + ":" + AgentNode.GOSSIP_PORT));
        }
        if (bootstrap) {
            args.add("--bootstrap");
        }
        dataVolume.ifPresent(v -> args.addAll(List.of("--data-dir", DATA_DIR)));
        keyFile.ifPresent(k -> args.addAll(List.of("--secret-file", KEY_FILE)));
        args.addAll(flags);
        return args;
    }

    /** Never shows the key file's text: test reports are kept by CI. */
    @Override
    public String toString() {
        return alias + "{join=" + join + (bootstrap ? ", bootstrap" : "") + dataVolume.map(v -> ", volume=" + v).orElse("")
                + (keyFile.isPresent() ? ", with key file" : "") + (flags.isEmpty() ? "" : ", flags=" + flags) + "}";
    }
}

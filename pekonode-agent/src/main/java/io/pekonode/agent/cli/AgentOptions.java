package io.pekonode.agent.cli;

import io.pekonode.agent.format.Durations;
import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.node.ConsensusSettings;
import io.pekonode.agent.handlers.HandlerSpec;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.NodeOptions;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.LimitsConfig;
import io.pekonode.api.discovery.Services;
import io.pekonode.engine.security.KeyFile;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The flags of {@code pekonode agent} and their mapping to {@link ClusterConfig}. Kept apart from the
 * command so that the mapping is testable without starting a node.
 */
public final class AgentOptions {

    /** Default gossip port (UDP, plus TCP on the same number), Serf's neighbourhood. */
    public static final int DEFAULT_PORT = 7946;
    /** Default HTTP API port: the gossip port plus one, on loopback only. */
    public static final String DEFAULT_HTTP = "127.0.0.1:7947";

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:" + DEFAULT_PORT,
            converter = NodeAddressConverter.class,
            description = "Address to listen on for gossip (UDP and TCP). Port 0 picks a free port. Default: ${DEFAULT-VALUE}.")
    NodeAddress bind;

    @Option(names = "--advertise", paramLabel = "HOST:PORT", converter = NodeAddressConverter.class,
            description = "Address other nodes use to reach this one (NAT, Docker, or when binding 0.0.0.0). Default: the bind address, with 0.0.0.0 replaced by a local IP.")
    NodeAddress advertise;

    @Option(names = "--join", paramLabel = "HOST:PORT", split = ",", converter = NodeAddressConverter.class,
            description = "Seed to join through; repeat it or separate with commas. Any one live member is enough.")
    List<NodeAddress> join = new ArrayList<>();

    @Option(names = "--name", paramLabel = "NAME",
            description = "Human-readable node name shown in member lists and logs. Default: the host name.")
    String name;

    @Option(names = "--tag", paramLabel = "K=V",
            description = "A tag this node publishes about itself (Go's PrivateData); repeatable.")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "udp",
            description = "Transport plugin: udp (with TCP on the same port for state exchange) or tcp. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--codec", paramLabel = "NAME", defaultValue = "json",
            description = "Wire codec plugin. Default: ${DEFAULT-VALUE}.")
    String codec;

    @Option(names = "--secret-file", paramLabel = "PATH",
            description = "Cluster key file: gossip is then sealed with AES-GCM and only nodes holding a key from it can join. "
                    + "One key per line, the first is used to encrypt, the others are also accepted (rotation): base64 of 16, 24 or 32 bytes, "
                    + "or passphrase:TEXT (PBKDF2-derived, for Go SecretKey users). Blank lines and # comments are ignored. Keep it mode 0600.")
    Path secretFile;

    @Option(names = "--encryption-transition",
            description = "With --secret-file: also send and accept plaintext, to add encryption to a running plaintext cluster without a split. "
                    + "Once every node runs so, POST true to /v1/keyring/encrypt-outgoing on every node, then to /v1/keyring/require-encrypted-incoming.")
    boolean encryptionTransition;

    @Option(names = "--replay-window", paramLabel = "DURATION",
            description = "With --secret-file: sealed frames stamped further than this from this node's clock, either way, are refused as "
                    + "possible replays; the nodes' clocks must agree within it (NTP). 1s to 1h. Default: "
                    + WireSecurity.DEFAULT_REPLAY_WINDOW_SECONDS + "s.")
    String replayWindow;

    @Option(names = "--inbound-rate-limit", paramLabel = "FRAMES_PER_SECOND",
            defaultValue = "" + LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT,
            description = "Frames per second accepted from one source IP address before decoding (all its ports together; "
                    + "one second's worth may come at once); the rest are dropped and counted. Raise it when many nodes "
                    + "reach this one from one address (NAT, many agents per host); 0 turns it off. Default: ${DEFAULT-VALUE}.")
    int inboundRateLimit;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the node id and state (members, metadata, incarnation); created if missing. "
                    + "With it, a restarted node keeps its id and metadata and rejoins through the members it knew, even without --join.")
    Path dataDir;

    @Option(names = "--consensus",
            description = "Run the consensus module (leader, locks, linearizable map under /v1/consensus/) without voting.")
    boolean consensus;

    @Option(names = "--consensus-voter",
            description = "Run the consensus module as a voter: keep the Raft log (in DIR/consensus with --data-dir) and vote. Implies --consensus.")
    boolean consensusVoter;

    @Option(names = "--consensus-voters", paramLabel = "N", defaultValue = "3",
            description = "Voters that form the consensus group; it starts once this many have seen each other. Default: ${DEFAULT-VALUE}.")
    int consensusVoters;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = DEFAULT_HTTP, converter = NodeAddressConverter.class,
            description = "Address of the HTTP API. Default: ${DEFAULT-VALUE} (loopback only; it has no authentication).")
    NodeAddress http;

    @Option(names = "--profile", paramLabel = "lan|local|wan", defaultValue = "lan",
            description = "Timing preset: lan (one data center), local (one host), wan (across data centers). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--bootstrap",
            description = "Let this node run as a cluster of one while no seed answers (it keeps retrying). Implied when no --join is given.")
    boolean bootstrap;

    @Option(names = "--service", paramLabel = "NAME=PORT",
            description = "Announce that this node offers service NAME on PORT (the tag service.NAME=PORT; "
                    + "see `pekonode services`); repeatable.")
    Map<String, Integer> services = new LinkedHashMap<>();

    @Option(names = "--event-handler", paramLabel = "NAME=COMMAND",
            description = "Run COMMAND (with /bin/sh -c) for each user event named NAME (* for every event); the payload is on stdin, "
                    + "PEKONODE_EVENT, PEKONODE_ORIGIN and PEKONODE_LTIME in the environment. Repeatable.")
    List<String> eventHandlers = new ArrayList<>();

    @Option(names = "--query-handler", paramLabel = "NAME=COMMAND",
            description = "Answer query NAME with the stdout of COMMAND (with /bin/sh -c); the payload is on stdin, "
                    + "PEKONODE_QUERY and PEKONODE_ORIGIN in the environment. A failing command sends no response. Repeatable.")
    List<String> queryHandlers = new ArrayList<>();

    @Option(names = "--handler-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Handler commands running longer are killed (and counted as failed). Default: ${DEFAULT-VALUE}.")
    String handlerTimeout;

    @Option(names = "--handler-concurrency", paramLabel = "N", defaultValue = "" + HandlerSettings.DEFAULT_CONCURRENCY,
            description = "Handler commands running at once at most; up to " + HandlerSettings.DEFAULT_QUEUE
                    + " more wait, further ones are dropped and logged. Default: ${DEFAULT-VALUE}.")
    int handlerConcurrency;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    /**
     * The node's configuration from these flags: the profile's settings, identity and addresses,
     * plugins, {@code --bootstrap} in the life-cycle group and {@code --inbound-rate-limit} in the limits.
     *
     * @throws IllegalArgumentException for an unknown profile or values the config rejects
     */
    public ClusterConfig toClusterConfig() {
        if (inboundRateLimit < 0) {
            throw new IllegalArgumentException("--inbound-rate-limit must be 0 (off) or positive, not " + inboundRateLimit);
        }
        ClusterConfig.Builder builder = ClusterConfig.profile(profile)
                .bind(bind)
                .seeds(join)
                // With nobody to join, this node is the first one: it must be allowed to run alone.
                .lifecycle(lc -> lc.bootstrap(bootstrap || join.isEmpty()))
                .nodeName(name != null ? name : hostName())
                .tags(tagsWithServices())
                .transport(transport)
                .codec(codec)
                .limits(l -> l.inboundRateLimit(inboundRateLimit));
        if (advertise != null) {
            builder.advertise(advertise);
        }
        return builder.build();
    }

    /**
     * {@code --tag} flags plus one {@code service.NAME=PORT} tag per {@code --service}.
     *
     * @throws IllegalArgumentException for an invalid service name or port
     */
    Map<String, String> tagsWithServices() {
        Map<String, String> all = new LinkedHashMap<>(tags);
        services.forEach((service, port) -> {
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("--service " + service + ": port must be 1..65535, was " + port);
            }
            all.put(Services.tagKey(service), Integer.toString(port));
        });
        return all;
    }

    /**
     * The handler flags.
     *
     * @throws IllegalArgumentException for a malformed NAME=COMMAND, timeout or concurrency
     */
    public HandlerSettings handlerSettings() {
        List<HandlerSpec> events = new ArrayList<>();
        for (String flag : eventHandlers) {
            events.add(parseHandler("--event-handler", flag));
        }
        List<HandlerSpec> queries = new ArrayList<>();
        for (String flag : queryHandlers) {
            queries.add(parseHandler("--query-handler", flag));
        }
        Duration timeout;
        try {
            timeout = Durations.parse(handlerTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--handler-timeout: " + e.getMessage(), e);
        }
        if (handlerConcurrency < 1) {
            throw new IllegalArgumentException("--handler-concurrency must be >= 1: " + handlerConcurrency);
        }
        return new HandlerSettings(events, queries, timeout, handlerConcurrency, HandlerSettings.DEFAULT_QUEUE,
                HandlerSettings.DEFAULT_MAX_OUTPUT);
    }

    private static HandlerSpec parseHandler(String flag, String text) {
        try {
            return HandlerSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    /** Warnings about risky settings (a key file others can read), logged at start. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (secretFile != null && readableByOthers(secretFile)) {
            warnings.add("--secret-file " + secretFile + " is readable by group or others; anyone who reads it can join the cluster"
                    + " (chmod 600 it)");
        }
        return warnings;
    }

    /**
     * The keyring from {@code --secret-file}, read now (see {@link KeyFile} for the format).
     *
     * @throws IllegalArgumentException when the file cannot be read or is malformed; the message names
     *                                  the file and line, never key material
     */
    public Optional<Keyring> keyring() {
        if (secretFile == null) {
            return Optional.empty();
        }
        try {
            if (Files.size(secretFile) > 64 * 1024) {
                throw new IllegalArgumentException("--secret-file " + secretFile + " is over 64 KiB; it should hold a few keys");
            }
            return Optional.of(KeyFile.parse(Files.readString(secretFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalArgumentException("--secret-file " + secretFile + " cannot be read: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--secret-file") ? e.getMessage()
                    : "--secret-file " + secretFile + ": " + e.getMessage(), e);
        }
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false; // unreadable files fail in keyring(); non-POSIX file systems have no such bits
        }
    }

    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** @throws IllegalArgumentException for a voter count out of range */
    public ConsensusSettings consensusSettings() {
        ConsensusSettings settings = new ConsensusSettings(consensus || consensusVoter, consensusVoter, consensusVoters,
                dataDir());
        if (settings.enabled()) {
            settings.toConfig();
        }
        return settings;
    }

    /**
     * The node options from {@code --data-dir} and {@code --secret-file} (with {@code --encryption-transition}
     * and {@code --replay-window}). The keyring is read now.
     *
     * @throws IllegalArgumentException for an unreadable or malformed {@code --secret-file}, a security
     *                                  flag without it, or a value out of range
     */
    public NodeOptions nodeOptions() {
        return nodeOptions(keyring());
    }

    private NodeOptions nodeOptions(Optional<Keyring> keys) {
        if (keys.isEmpty()) {
            if (encryptionTransition) {
                throw new IllegalArgumentException("--encryption-transition needs --secret-file");
            }
            if (replayWindow != null) {
                throw new IllegalArgumentException("--replay-window needs --secret-file (plaintext frames carry no timestamp to check)");
            }
            return new NodeOptions(dataDir, null);
        }
        Path keyFile = secretFile;
        // Keys installed, used or removed over HTTP are saved to the file first, so a restart keeps them.
        WireSecurity.Builder security = WireSecurity.builder(keys.get()).keyringStore(next -> KeyFile.write(keyFile, next))
                .encryptOutgoing(!encryptionTransition).requireEncryptedIncoming(!encryptionTransition);
        if (replayWindow != null) {
            try {
                security.replayWindow(Durations.parse(replayWindow));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--replay-window: " + e.getMessage(), e);
            }
        }
        return new NodeOptions(dataDir, security.build());
    }

    /**
     * How the agent creates its node: as {@link #nodeOptions()} say (a data directory, encryption).
     * The key file is read once, now; each node the factory creates gets its own
     * {@link WireSecurity}, as the switches and keyring of a running node change independently.
     *
     * @throws IllegalArgumentException as {@link #nodeOptions()}
     */
    public ClusterFactory nodeFactory(ClusterFactory base) {
        Optional<Keyring> keys = keyring();
        nodeOptions(keys); // fail now, before anything starts, on a bad flag
        return config -> base.create(config, nodeOptions(keys));
    }

    public NodeAddress http() {
        return http;
    }

    public String logLevel() {
        return logLevel;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "pekonode";
        }
    }
}

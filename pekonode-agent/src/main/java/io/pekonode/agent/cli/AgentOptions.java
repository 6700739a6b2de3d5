package io.pekonode.agent.cli;

import io.pekonode.agent.format.Durations;
import io.pekonode.agent.handlers.HandlerSettings;
import io.pekonode.agent.handlers.EventHandlerFlag;
import io.pekonode.agent.node.ConsensusSettings;
import io.pekonode.agent.handlers.HandlerSpec;
import io.pekonode.agent.handlers.MembershipHandler;
import io.pekonode.agent.http.ApiTokens;
import io.pekonode.agent.http.HttpSettings;
import io.pekonode.agent.http.TlsSettings;
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

    @Option(names = "--discover", paramLabel = "SOURCE",
            description = "Find seeds through a discovery source; repeatable, combined with --join: "
                    + "dns:NAME[:PORT] (every A and AAAA record; the port is this node's gossip port unless given), "
                    + "dns+srv:_SERVICE._PROTO.NAME (SRV records with their ports), both with ?server=HOST:PORT to ask that DNS server; "
                    + "etcd://HOST:PORT[,HOST:PORT...]/PREFIX[?ttl=SECONDS] (registers this node under PREFIX with a lease, "
                    + "finds the others there). See the README's Discovery section.")
    List<String> discover = new ArrayList<>();

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
            description = "Address of the HTTP API. Default: ${DEFAULT-VALUE} (loopback only). Another address needs "
                    + "--api-token-file (or --http-insecure).")
    NodeAddress http;

    @Option(names = "--profile", paramLabel = "lan|local|wan", defaultValue = "lan",
            description = "Timing preset: lan (one data center), local (one host), wan (across data centers). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--bootstrap",
            description = "Let this node run as a cluster of one while no seed answers (it keeps retrying). Implied when no --join is given "
                    + "(with --discover only, too: the first node finds nobody).")
    boolean bootstrap;

    @Option(names = "--service", paramLabel = "NAME=PORT",
            description = "Announce that this node offers service NAME on PORT (the tag service.NAME=PORT; "
                    + "see `pekonode services`); repeatable.")
    Map<String, Integer> services = new LinkedHashMap<>();

    @Option(names = "--event-handler", paramLabel = "FILTER=COMMAND",
            description = "Run COMMAND (with /bin/sh -c) for events matching FILTER, a comma-separated list of member-join, "
                    + "member-leave, member-failed, member-update, member-reap (the member on stdin as NAME ADDRESS ID STATE "
                    + "TAGS, tab-separated), user or user:NAME (a user event; its payload on stdin, PEKONODE_ORIGIN and "
                    + "PEKONODE_LTIME set), query:NAME (answers that query with stdout), or a bare NAME or * (user events). "
                    + "PEKONODE_EVENT holds the event. Repeatable; SIGHUP reloads them.")
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
            description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF; SIGHUP reloads it. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "text: one line per entry with date, time and zone; json: one JSON object per line for log "
                    + "shippers. Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "YAML or JSON file holding any of these flags by name without the dashes (tag: {role: web}, "
                    + "join: [a:7946, b:7946]). Flags override the environment (PEKONODE_<FLAG>), which overrides the file. "
                    + "SIGHUP rereads it for tags, log level and handlers.")
    Path configFile;

    @Option(names = "--ops-http", paramLabel = "HOST:PORT", converter = NodeAddressConverter.class,
            description = "Also serve /metrics, /v1/health/live and /v1/health/ready here, without authentication, "
                    + "for probes and scrapers while the API stays closed.")
    NodeAddress opsHttp;

    @Option(names = "--api-token-file", paramLabel = "FILE",
            description = "Require a token on every API request (Authorization: Bearer TOKEN): one a line as 'read TOKEN' "
                    + "or 'write TOKEN' (write includes read); blank lines and # comments are ignored. Keep it mode 0600.")
    Path apiTokenFile;

    @Option(names = "--http-tls-cert", paramLabel = "PEM",
            description = "Serve the API over HTTPS with this certificate chain (PEM); needs --http-tls-key.")
    Path tlsCert;

    @Option(names = "--http-tls-key", paramLabel = "PEM",
            description = "The private key of --http-tls-cert, unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY).")
    Path tlsKey;

    @Option(names = "--http-tls-client-ca", paramLabel = "PEM",
            description = "With TLS: accept only clients presenting a certificate signed by one of these CAs (PEM).")
    Path tlsClientCa;

    @Option(names = "--http-insecure",
            description = "Allow the API on a non-loopback address without --api-token-file (anyone who reaches it "
                    + "controls the agent); a warning is logged.")
    boolean httpInsecure;

    @Option(names = "--http-max-connections", paramLabel = "N", defaultValue = "" + HttpSettings.DEFAULT_MAX_CONNECTIONS,
            description = "HTTP connections open at once per listener; at the bound idle ones are closed sooner and new "
                    + "ones wait. Default: ${DEFAULT-VALUE}.")
    int httpMaxConnections;

    @Option(names = "--http-idle-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Close HTTP connections idle this long. Default: ${DEFAULT-VALUE}.")
    Duration httpIdleTimeout;

    @Option(names = "--http-request-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Close a connection whose request has not fully arrived within this (slow or stuck clients). "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration httpRequestTimeout;

    @Option(names = "--probe-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between failure-detection probes. Default: the profile's.")
    Duration probeInterval;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait for a direct probe's ack before probing indirectly. Default: the profile's.")
    Duration probeTimeout;

    @Option(names = "--suspicion-multiplier", paramLabel = "N",
            description = "Suspicion timeout in probe intervals (scaled by log10 of the cluster size). Default: the profile's.")
    Integer suspicionMultiplier;

    @Option(names = "--no-fail-on-refused",
            description = "Suspect a member whose probe found its port closed (a refused connect), like any other failed "
                    + "probe, instead of declaring it dead at once. For networks whose firewalls reject a live member's TCP "
                    + "port. Default: a refused connect declares the member dead.")
    boolean noFailOnRefused;

    @Option(names = "--gossip-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between gossip rounds. Default: the profile's.")
    Duration gossipInterval;

    @Option(names = "--gossip-fanout", paramLabel = "N",
            description = "Members gossiped to per round. Default: the profile's.")
    Integer gossipFanout;

    @Option(names = "--no-eager-push",
            description = "Send news (member changes, metadata writes, events, queries) only with the gossip rounds, instead of "
                    + "pushing it at once when it is created or first heard. Default: eager push on.")
    boolean noEagerPush;

    @Option(names = "--push-pull-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between full state exchanges with a random member. Default: the profile's.")
    Duration pushPullInterval;

    @Option(names = "--dead-member-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long failed and left members stay listed before they are reaped. Default: the profile's.")
    Duration deadMemberRetention;

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
                .discovery(discover)
                // With no seed given, this node may be the first one: it must be allowed to run alone.
                // Discovery alone implies it too: the first node to register finds nobody.
                .lifecycle(lc -> lc.bootstrap(bootstrap || join.isEmpty()))
                .nodeName(name != null ? name : hostName())
                .tags(tagsWithServices())
                .transport(transport)
                .codec(codec)
                .limits(l -> l.inboundRateLimit(inboundRateLimit));
        if (advertise != null) {
            builder.advertise(advertise);
        }
        builder.failureDetection(fd -> {
            if (probeInterval != null) {
                fd.probeInterval(probeInterval);
            }
            if (probeTimeout != null) {
                fd.probeTimeout(probeTimeout);
            }
            if (suspicionMultiplier != null) {
                fd.suspicionMultiplier(suspicionMultiplier);
            }
            if (noFailOnRefused) {
                fd.failOnConnectionRefused(false);
            }
        });
        builder.gossip(g -> {
            if (gossipInterval != null) {
                g.interval(gossipInterval);
            }
            if (gossipFanout != null) {
                g.fanout(gossipFanout);
            }
            if (noEagerPush) {
                g.eagerPush(false);
            }
        });
        builder.antiEntropy(ae -> {
            if (pushPullInterval != null) {
                ae.pushPullInterval(pushPullInterval);
            }
            if (deadMemberRetention != null) {
                ae.deadMemberRetention(deadMemberRetention);
            }
        });
        return builder.build();
    }

    /**
     * How the agent serves HTTP: the API address, the operations listener, tokens, TLS and bounds.
     *
     * @throws IllegalArgumentException for an unreadable or malformed token or TLS file, TLS flags that
     *                                  do not go together, or a non-loopback API without a token file
     *                                  and without {@code --http-insecure}
     */
    public HttpSettings httpSettings() {
        if (httpMaxConnections < 1) {
            throw new IllegalArgumentException("--http-max-connections must be at least 1, not " + httpMaxConnections);
        }
        HttpSettings settings = HttpSettings.plain(http).withOps(opsHttp)
                .withBounds(httpMaxConnections, httpIdleTimeout, httpRequestTimeout);
        if (apiTokenFile != null) {
            settings = settings.withTokens(apiTokens());
        } else if (!isLoopback(http) && !httpInsecure) {
            throw new IllegalArgumentException("--http " + http + " is reachable from other hosts, and the API has no "
                    + "authentication without --api-token-file: give a token file, bind to 127.0.0.1, or pass "
                    + "--http-insecure to accept that anyone who reaches it controls the agent");
        }
        if (tlsCert != null || tlsKey != null || tlsClientCa != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("TLS needs both --http-tls-cert and --http-tls-key");
            }
            settings = settings.withTls(TlsSettings.load(tlsCert, tlsKey, tlsClientCa));
        }
        return settings;
    }

    private ApiTokens apiTokens() {
        try {
            if (Files.size(apiTokenFile) > 1024 * 1024) {
                throw new IllegalArgumentException("--api-token-file " + apiTokenFile + " is over 1 MiB");
            }
            return ApiTokens.parse(Files.readString(apiTokenFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-token-file " + apiTokenFile + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--api-token-file") ? e.getMessage()
                    : "--api-token-file " + apiTokenFile + ": " + e.getMessage(), e);
        }
    }

    static boolean isLoopback(NodeAddress address) {
        try {
            java.net.InetAddress ip = java.net.InetAddress.getByName(address.host());
            return ip.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** What {@code GET /v1/info} shows of the configuration: no key, token or file contents. */
    public Map<String, Object> summary(ClusterConfig config) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("profile", profile);
        s.put("bind", config.bind().toString());
        config.advertise().ifPresent(a -> s.put("advertise", a.toString()));
        s.put("transport", config.transport());
        s.put("codec", config.codec());
        s.put("seeds", config.seeds().stream().map(NodeAddress::toString).toList());
        s.put("encrypted", secretFile != null);
        s.put("dataDir", dataDir != null);
        s.put("probeInterval", Durations.format(config.failureDetection().probeInterval()));
        s.put("probeTimeout", Durations.format(config.failureDetection().probeTimeout()));
        s.put("suspicionMultiplier", config.failureDetection().suspicionMultiplier());
        s.put("failOnConnectionRefused", config.failureDetection().failOnConnectionRefused());
        s.put("gossipInterval", Durations.format(config.gossip().interval()));
        s.put("gossipFanout", config.gossip().fanout());
        s.put("eagerPush", config.gossip().eagerPush());
        s.put("pushPullInterval", Durations.format(config.antiEntropy().pushPullInterval()));
        s.put("deadMemberRetention", Durations.format(config.antiEntropy().deadMemberRetention()));
        s.put("http", http.toString());
        s.put("httpTokens", apiTokenFile != null);
        s.put("httpTls", tlsCert != null);
        if (opsHttp != null) {
            s.put("opsHttp", opsHttp.toString());
        }
        s.put("logLevel", logLevel);
        s.put("logFormat", logFormat);
        return s;
    }

    public String logFormat() {
        return logFormat;
    }

    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Warnings about risky settings that are allowed (an API open to the network without tokens). */
    List<String> httpWarnings() {
        List<String> warnings = new ArrayList<>();
        if (apiTokenFile == null && !isLoopback(http) && httpInsecure) {
            warnings.add("--http-insecure: the API on " + http + " has no authentication; anyone who reaches it can "
                    + "change keys, force members out and shut the agent down");
        }
        if (apiTokenFile != null && readableByOthers(apiTokenFile)) {
            warnings.add("--api-token-file " + apiTokenFile + " is readable by group or others (chmod 600 it)");
        }
        return warnings;
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
        List<HandlerSpec> queries = new ArrayList<>();
        List<MembershipHandler> membership = new ArrayList<>();
        for (String flag : eventHandlers) {
            EventHandlerFlag parsed;
            try {
                parsed = EventHandlerFlag.parse(flag);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--event-handler: " + e.getMessage(), e);
            }
            events.addAll(parsed.userEvents());
            queries.addAll(parsed.queries());
            if (parsed.membership() != null) {
                membership.add(parsed.membership());
            }
        }
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
        try {
            return new HandlerSettings(events, queries, timeout, handlerConcurrency, HandlerSettings.DEFAULT_QUEUE,
                    HandlerSettings.DEFAULT_MAX_OUTPUT, membership);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--event-handler/--query-handler: " + e.getMessage(), e);
        }
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
        List<String> warnings = new ArrayList<>(httpWarnings());
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

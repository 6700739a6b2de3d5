package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.agent.Main;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.NodeOptions;
import io.pekonode.agent.testing.Await;
import io.pekonode.api.Cluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.LimitsConfig;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Every {@code pekonode agent} flag lands in the right {@link ClusterConfig} field. */
class AgentOptionsTest {

    private static AgentOptions parse(String... args) {
        CommandLine cli = Main.commandLine(Io.system(), config -> {
            throw new AssertionError("parsing must not create a node");
        });
        ParseResult result = cli.parseArgs(args);
        AgentCommand agent = (AgentCommand) result.subcommand().commandSpec().userObject();
        return agent.options;
    }

    private static ClusterConfig config(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "agent";
        System.arraycopy(args, 0, full, 1, args.length);
        return parse(full).toClusterConfig();
    }

    @Test
    void defaultsAreLanProfileOnPort7946AloneAndNamedAfterTheHost() {
        AgentOptions options = parse("agent");
        ClusterConfig config = options.toClusterConfig();
        assertEquals(new NodeAddress("0.0.0.0", 7946), config.bind());
        assertEquals(Optional.empty(), config.advertise());
        assertEquals(List.of(), config.seeds());
        assertTrue(config.lifecycle().bootstrap(), "a node with nobody to join is the first node");
        assertEquals(Optional.of(AgentOptions.hostName()), config.nodeName());
        assertEquals(Map.of(), config.tags());
        assertEquals("udp", config.transport());
        assertEquals("json", config.codec());
        assertEquals(ClusterConfig.lan().build().failureDetection().probeInterval(), config.failureDetection().probeInterval());
        assertEquals(new NodeAddress("127.0.0.1", 7947), options.http());
        assertEquals("INFO", options.logLevel());
        assertEquals(List.of(), options.warnings());
    }

    @Test
    void bindAndAdvertiseAreSeparateAndAcceptIpv6AndHostNames() {
        ClusterConfig config = config("--bind", "[::]:8000", "--advertise", "node-a.example.org:9000");
        assertEquals(new NodeAddress("::", 8000), config.bind());
        assertEquals(Optional.of(new NodeAddress("node-a.example.org", 9000)), config.advertise());
    }

    @Test
    void joinIsRepeatableAndCommaSeparatedAndTurnsBootstrapOff() {
        ClusterConfig config = config("--join", "10.0.0.1:7946,10.0.0.2:7946", "--join", "[fd00::3]:7000");
        assertEquals(List.of(new NodeAddress("10.0.0.1", 7946), new NodeAddress("10.0.0.2", 7946),
                new NodeAddress("fd00::3", 7000)), config.seeds());
        assertFalse(config.lifecycle().bootstrap(), "without --bootstrap a joining node must wait for a seed");
    }

    @Test
    void aRefusedConnectDeclaresDeathUnlessTurnedOff() {
        assertTrue(config().failureDetection().failOnConnectionRefused());
        assertFalse(config("--no-fail-on-refused").failureDetection().failOnConnectionRefused());
    }

    @Test
    void eagerPushIsOnUnlessTurnedOff() {
        assertTrue(config().gossip().eagerPush());
        assertFalse(config("--no-eager-push").gossip().eagerPush());
    }

    @Test
    void bootstrapFlagLetsAJoiningNodeStartAlone() {
        assertTrue(config("--join", "10.0.0.1:7946", "--bootstrap").lifecycle().bootstrap());
    }

    @Test
    void nameAndTags() {
        ClusterConfig config = config("--name", "web-1", "--tag", "role=web", "--tag", "zone=eu-1",
                "--tag", "query=a=b");
        assertEquals(Optional.of("web-1"), config.nodeName());
        assertEquals(Map.of("role", "web", "zone", "eu-1", "query", "a=b"), config.tags());
    }

    @Test
    void transportAndCodecArePluginNames() {
        ClusterConfig config = config("--transport", "tcp", "--codec", "json");
        assertEquals("tcp", config.transport());
        assertEquals("json", config.codec());
    }

    @Test
    void profileSelectsThePreset() {
        assertEquals(ClusterConfig.wan().build().failureDetection().probeInterval(),
                config("--profile", "wan").failureDetection().probeInterval());
        assertEquals(ClusterConfig.local().build().failureDetection().probeTimeout(),
                config("--profile", "local").failureDetection().probeTimeout());
        assertEquals(Duration.ofSeconds(1), config("--profile", "lan").failureDetection().probeInterval());
    }

    @Test
    void httpAndLogLevelAreAgentSettingsNotClusterSettings() {
        AgentOptions options = parse("agent", "--http", "0.0.0.0:18080", "--log-level", "debug");
        assertEquals(new NodeAddress("0.0.0.0", 18080), options.http());
        assertEquals("debug", options.logLevel());
    }

    @Test
    void secretFileIsNoLongerIgnoredAndDataDirIsNotWarnedAbout(@TempDir Path dir) throws Exception {
        Path keys = secretFile(dir, ClusterKey.generate().toBase64() + "\n", "rw-------");
        AgentOptions options = parse("agent", "--secret-file", keys.toString(), "--data-dir", "/var/lib/pekonode");
        assertEquals(List.of(), options.warnings());
        assertEquals(Optional.of(Path.of("/var/lib/pekonode")), options.dataDir());
    }

    @Test
    void aSecretFileReadableByOthersIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path keys = secretFile(dir, ClusterKey.generate().toBase64() + "\n", "rw-r--r--");
        List<String> warnings = parse("agent", "--secret-file", keys.toString()).warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("readable by group or others"), warnings.get(0));
    }

    @Test
    void secretFileKeysReachTheFactoryFirstLinePrimaryWithTheDataDir(@TempDir Path dir) throws Exception {
        ClusterKey primary = ClusterKey.generate();
        ClusterKey old = ClusterKey.generate();
        Path keys = secretFile(dir, "# keys\n" + primary.toBase64() + "\n\n" + old.toBase64() + "\npassphrase: go secret\n", "rw-------");
        List<Object> calls = new ArrayList<>();
        ClusterFactory recording = new ClusterFactory() {
            @Override
            public Cluster create(ClusterConfig config) {
                calls.add("plain");
                return null;
            }

            @Override
            public Cluster create(ClusterConfig config, Path dataDirectory, WireSecurity security) {
                calls.add(dataDirectory);
                calls.add(security.keyring().ids());
                calls.add(security.encryptOutgoing() && security.requireEncryptedIncoming() ? "encrypted" : "transition");
                return null;
            }
        };
        AgentOptions options = parse("agent", "--secret-file", keys.toString(), "--data-dir", "/var/lib/pekonode");
        options.nodeFactory(recording).create(options.toClusterConfig());
        AgentOptions noDir = parse("agent", "--secret-file", keys.toString(), "--encryption-transition");
        noDir.nodeFactory(recording).create(noDir.toClusterConfig());
        List<String> ids = List.of(primary.id(), old.id(), ClusterKey.fromPassphrase("go secret").id());
        assertEquals(Arrays.asList(Path.of("/var/lib/pekonode"), ids, "encrypted", null, ids, "transition"), calls, "never the plain factory");
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> parse("agent", "--encryption-transition").nodeFactory(config -> null));
        assertTrue(alone.getMessage().contains("needs --secret-file"), alone.getMessage());
    }

    @Test
    void theEngineFactoryBuildsAnEncryptingNode(@TempDir Path dir) throws Exception {
        Keyring keyring = Keyring.of(ClusterKey.generate());
        try (Cluster node = ClusterFactory.engine().create(config("--bind", "127.0.0.1:0"), null, WireSecurity.of(keyring))) {
            assertEquals(keyring.ids(), ((PekoNode) node).security().orElseThrow().keyring().ids());
        }
        try (Cluster plain = ClusterFactory.engine().create(config("--bind", "127.0.0.1:0"))) {
            assertEquals(Optional.empty(), ((PekoNode) plain).security());
        }
    }

    @Test
    void aMalformedSecretFileIsAUsageErrorNamingFileAndLineButNoKey(@TempDir Path dir) throws Exception {
        String shortKey = Base64.getEncoder().encodeToString(new byte[20]);
        Path bad = secretFile(dir, "# keys\n" + shortKey + "\n", "rw-------");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("agent", "--secret-file", bad.toString()).nodeFactory(config -> null));
        assertTrue(e.getMessage().startsWith("--secret-file " + bad + ": line 2:"), e.getMessage());
        assertTrue(e.getMessage().contains("not 20"), e.getMessage());
        assertFalse(e.getMessage().contains(shortKey), e.getMessage());
        assertUsageError("line 2: an AES key has 16, 24 or 32 bytes", "agent", "--secret-file", bad.toString());
        assertUsageError("cannot be read", "agent", "--secret-file", dir.resolve("missing").toString());
    }

    private static Path secretFile(Path dir, String content, String permissions) throws Exception {
        Path file = Files.createTempFile(dir, "keys", ".txt");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void dataDirSelectsThePersistentFactoryAndWithoutItThePlainOne() {
        List<Object> calls = new ArrayList<>();
        ClusterFactory recording = new ClusterFactory() {
            @Override
            public Cluster create(ClusterConfig config) {
                calls.add("plain");
                return null;
            }

            @Override
            public Cluster create(ClusterConfig config, Path dataDirectory) {
                calls.add(dataDirectory);
                return null;
            }
        };
        AgentOptions with = parse("agent", "--data-dir", "/var/lib/pekonode");
        with.nodeFactory(recording).create(with.toClusterConfig());
        AgentOptions without = parse("agent");
        assertEquals(Optional.empty(), without.dataDir());
        without.nodeFactory(recording).create(without.toClusterConfig());
        assertEquals(List.of(Path.of("/var/lib/pekonode"), "plain"), calls);
    }

    @Test
    void theEngineFactoryKeepsTheNodeIdInTheDataDirectory(@TempDir Path dir) throws Exception {
        ClusterConfig config = config("--bind", "127.0.0.1:0", "--data-dir", dir.toString());
        String id;
        try (Cluster first = ClusterFactory.engine().create(config, dir)) {
            id = ((PekoNode) first).id();
        }
        try (Cluster second = ClusterFactory.engine().create(config, dir)) {
            assertEquals(id, ((PekoNode) second).id());
        }
        assertEquals(id + "\n", Files.readString(dir.resolve("node-id")));
        try (Cluster fresh = ClusterFactory.engine().create(config)) {
            assertNotEquals(id, ((PekoNode) fresh).id());
        }
    }

    @Test
    void inboundRateLimitAndReplayWindowReachTheNodeOptions(@TempDir Path dir) throws Exception {
        Path keys = secretFile(dir, ClusterKey.generate().toBase64() + "\n", "rw-------");
        List<NodeOptions> seen = new ArrayList<>();
        List<ClusterConfig> configs = new ArrayList<>();
        ClusterFactory recording = new ClusterFactory() {
            @Override
            public Cluster create(ClusterConfig config) {
                throw new AssertionError("options must reach the factory");
            }

            @Override
            public Cluster create(ClusterConfig config, NodeOptions options) {
                seen.add(options);
                configs.add(config);
                return null;
            }
        };
        AgentOptions tuned = parse("agent", "--secret-file", keys.toString(), "--replay-window", "2m",
                "--inbound-rate-limit", "500", "--data-dir", "/var/lib/pekonode");
        tuned.nodeFactory(recording).create(tuned.toClusterConfig());
        AgentOptions plain = parse("agent", "--inbound-rate-limit", "0");
        plain.nodeFactory(recording).create(plain.toClusterConfig());
        AgentOptions defaults = parse("agent");
        defaults.nodeFactory(recording).create(defaults.toClusterConfig());

        assertEquals(OptionalInt.of(500), configs.get(0).limits().inboundRateLimit());
        assertEquals(Duration.ofMinutes(2), seen.get(0).security().replayWindow());
        assertEquals(WireSecurity.DEFAULT_REPLAY_CACHE_ENTRIES, seen.get(0).security().replayCacheEntries());
        assertEquals(Optional.of(Path.of("/var/lib/pekonode")), seen.get(0).dataDir());
        assertEquals(OptionalInt.empty(), configs.get(1).limits().inboundRateLimit(), "0 turns the limit off");
        assertEquals(Optional.empty(), seen.get(1).wireSecurity());
        assertEquals(NodeOptions.DEFAULTS, seen.get(2));
        assertEquals(OptionalInt.of(LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT), configs.get(2).limits().inboundRateLimit());
        AgentOptions keysOnly = parse("agent", "--secret-file", keys.toString());
        assertEquals(Duration.ofSeconds(WireSecurity.DEFAULT_REPLAY_WINDOW_SECONDS), keysOnly.nodeOptions().security().replayWindow());
    }

    @Test
    void evenAFactoryThatOnlyTakesAConfigGetsTheRateLimitInsteadOfIgnoringTheFlag() {
        List<ClusterConfig> seen = new ArrayList<>();
        ClusterFactory plainOnly = config -> {
            seen.add(config);
            return null;
        };
        AgentOptions options = parse("agent", "--inbound-rate-limit", "10");
        options.nodeFactory(plainOnly).create(options.toClusterConfig());
        assertEquals(OptionalInt.of(10), seen.get(0).limits().inboundRateLimit());
    }

    @Test
    void theEngineFactoryAppliesTheReplayWindowAndTheRateLimit(@TempDir Path dir) throws Exception {
        Path keys = secretFile(dir, ClusterKey.generate().toBase64() + "\n", "rw-------");
        AgentOptions options = parse("agent", "--bind", "127.0.0.1:0", "--secret-file", keys.toString(),
                "--replay-window", "90s", "--inbound-rate-limit", "5");
        try (Cluster node = options.nodeFactory(ClusterFactory.engine()).create(options.toClusterConfig())) {
            PekoNode engine = (PekoNode) node;
            assertEquals(Duration.ofSeconds(90), engine.security().orElseThrow().replayWindow());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            engine.meterBinder().bindTo(registry);
            engine.start();
            // 100 junk datagrams from one socket: a burst of 5 passes the limit (and fails as junk), the rest are cut off.
            NodeAddress target = engine.advertiseAddress();
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] junk = "junk".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 100; i++) {
                    socket.send(new DatagramPacket(junk, junk.length, InetAddress.getLoopbackAddress(), target.port()));
                }
            }
            FunctionCounter limited = registry.get("pekonode.packets.dropped").tags("reason", "rate_limited").functionCounter();
            Await.until("the flood to be rate-limited", Duration.ofSeconds(10), () -> limited.count() >= 80,
                    () -> "rate-limited " + limited.count());
        }
    }

    @Test
    void badValuesAreUsageErrorsWithAClearMessageAndNoNodeStarted() {
        assertUsageError("expected HOST:PORT", "agent", "--bind", "localhost");
        assertUsageError("IPv6 addresses need brackets", "agent", "--join", "fd00::1:7946");
        assertUsageError("unknown profile 'lab'", "agent", "--profile", "lab");
        assertUsageError("unknown log level 'LOUD'", "agent", "--log-level", "LOUD");
        assertUsageError("Unknown options: '--secret'", "agent", "--secret", "x");
        assertUsageError("--inbound-rate-limit must be 0 (off) or positive", "agent", "--inbound-rate-limit", "-1");
        assertUsageError("Invalid value for option '--inbound-rate-limit'", "agent", "--inbound-rate-limit", "fast");
        assertUsageError("--replay-window needs --secret-file", "agent", "--replay-window", "30s");
    }

    @Test
    void aReplayWindowOutOfRangeIsAUsageError(@TempDir Path dir) throws Exception {
        Path keys = secretFile(dir, ClusterKey.generate().toBase64() + "\n", "rw-------");
        assertUsageError("--replay-window: replay window must be 1 s to 1 h", "agent", "--secret-file", keys.toString(),
                "--replay-window", "2h");
        assertUsageError("--replay-window: expected a duration", "agent", "--secret-file", keys.toString(),
                "--replay-window", "soon");
    }

    private static void assertUsageError(String expected, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Main.run(io, config -> {
            throw new AssertionError("a bad command line must not start a node");
        }, args);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.USAGE, code, text);
        assertTrue(text.contains(expected), "expected '" + expected + "' in: " + text);
    }
}

package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.agent.Main;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.api.config.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** --config-file (YAML, JSON), PEKONODE_* variables, and their precedence below the command line. */
class ConfigFileTest {

    @TempDir
    Path dir;

    private int files;

    private Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("agent-" + ++files + ".yaml"), text);
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = yaml("""
                name: from-file
                log-level: debug
                tag: {role: web, zone: a}
                profile: lan
                probe-interval: 700ms
                gossip-fanout: 5
                bootstrap: true
                event-handler:
                  - member-join=echo joined
                  - user:deploy=echo deployed
                """);
        Map<String, String> env = Map.of("PEKONODE_LOG_LEVEL", "warn", "PEKONODE_GOSSIP_FANOUT", "6",
                "PEKONODE_CONFIG_FILE", file.toString());
        AgentOptions options = TestAgents.parse(env, "--gossip-fanout", "7");
        ClusterConfig config = options.toClusterConfig();
        assertEquals("from-file", config.nodeName().orElseThrow(), "only the file sets the name");
        assertEquals("warn", options.logLevel(), "the environment beats the file");
        assertEquals(7, config.gossip().fanout(), "the command line beats both");
        assertEquals(Duration.ofMillis(700), config.failureDetection().probeInterval(), "timing on top of the profile");
        // The test's own --profile local beats the file's lan; what is not set stays that profile's.
        assertEquals(ClusterConfig.local().build().failureDetection().probeTimeout(), config.failureDetection().probeTimeout());
        assertEquals(Map.of("role", "web", "zone", "a"), config.tags());
        assertTrue(config.lifecycle().bootstrap());
        assertEquals(1, options.handlerSettings().membershipHandlers().size());
        assertEquals("deploy", options.handlerSettings().eventHandlers().get(0).name());
    }

    @Test
    void jsonFilesWorkTooAndEveryTimingFlagReachesTheConfig() throws Exception {
        Path file = Files.writeString(dir.resolve("agent.json"), """
                {"probe-interval": "2s", "probe-timeout": "800ms", "suspicion-multiplier": 6,
                 "gossip-interval": "300ms", "gossip-fanout": 4, "push-pull-interval": "45s",
                 "dead-member-retention": "10m", "join": ["127.0.0.1:7001", "127.0.0.1:7002"]}
                """);
        ClusterConfig config = TestAgents.parse(Map.of(), "--config-file", file.toString()).toClusterConfig();
        assertEquals(Duration.ofSeconds(2), config.failureDetection().probeInterval());
        assertEquals(Duration.ofMillis(800), config.failureDetection().probeTimeout());
        assertEquals(6, config.failureDetection().suspicionMultiplier());
        assertEquals(Duration.ofMillis(300), config.gossip().interval());
        assertEquals(4, config.gossip().fanout());
        assertEquals(Duration.ofSeconds(45), config.antiEntropy().pushPullInterval());
        assertEquals(Duration.ofMinutes(10), config.antiEntropy().deadMemberRetention());
        assertEquals(2, config.seeds().size());
    }

    @Test
    void environmentVariablesCoverEveryFlagWithListsCommaSeparatedAndHandlersOnePerLine() throws Exception {
        Map<String, String> env = Map.of("PEKONODE_TAG", "role=db,zone=b", "PEKONODE_JOIN", "127.0.0.1:7001,127.0.0.1:7002",
                "PEKONODE_EVENT_HANDLER", "member-failed=echo a,b\nuser=echo any", "PEKONODE_BOOTSTRAP", "true",
                "PEKONODE_HTTP_MAX_CONNECTIONS", "64");
        AgentOptions options = TestAgents.parse(env);
        ClusterConfig config = options.toClusterConfig();
        assertEquals(Map.of("role", "db", "zone", "b"), config.tags());
        assertEquals(2, config.seeds().size());
        assertEquals("echo a,b", options.handlerSettings().membershipHandlers().get(0).command());
        assertEquals(64, options.httpSettings().maxConnections());
    }

    /** A value each kind of agent flag accepts, by its parameter label; a new label needs one here. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("HOST:PORT", "127.0.0.1:7001"),
            Map.entry("K=V", "k=v"), Map.entry("NAME=PORT", "web=80"), Map.entry("FILTER=COMMAND", "member-join=true"),
            Map.entry("NAME=COMMAND", "q=true"), Map.entry("DURATION", "2s"), Map.entry("N", "3"),
            Map.entry("FRAMES_PER_SECOND", "3"), Map.entry("lan|local|wan", "local"), Map.entry("text|json", "json"),
            Map.entry("LEVEL", "DEBUG"), Map.entry("NAME", "x"), Map.entry("PATH", "some-file"), Map.entry("DIR", "some-dir"),
            Map.entry("FILE", "some-file"), Map.entry("PEM", "some.pem"), Map.entry("SOURCE", "dns:peko.test"));

    @Test
    void everyFlagCanComeFromItsEnvironmentVariableAndFromTheConfigFile() throws Exception {
        var agent = Main.commandLine(Io.system(), ClusterFactory.engine()).getSubcommands().get("agent").getCommandSpec();
        Map<String, OptionSpec> options = AgentArguments.options(agent);
        assertTrue(options.size() > 30, "the agent's flags: " + options.keySet());
        for (Map.Entry<String, OptionSpec> o : options.entrySet()) {
            String key = o.getKey();
            if (key.equals(AgentArguments.CONFIG_FILE)) {
                continue; // it names the file itself: PEKONODE_CONFIG_FILE, tested above
            }
            boolean isSwitch = o.getValue().arity().max() == 0;
            String sample = isSwitch ? "true" : SAMPLES.get(o.getValue().paramLabel());
            assertTrue(sample != null, "--" + key + ": add a sample value for " + o.getValue().paramLabel());
            String variable = AgentArguments.envName(key);
            assertEquals("PEKONODE_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), variable);
            assertMatched(key, Map.of(variable, sample));
            Path file = yaml(key + ": " + (isSwitch ? "true" : "\"" + sample + "\"") + "\n");
            assertMatched(key, Map.of("PEKONODE_CONFIG_FILE", file.toString()));
        }
    }

    /** {@code pekonode agent} in {@code env} runs with {@code --key} set, as if given on the command line. */
    private static void assertMatched(String key, Map<String, String> env) {
        String[] raw = {"agent"};
        String[] expanded = AgentArguments.expand(raw, env, () -> Main.commandLine(Io.system(), ClusterFactory.engine(), env, raw));
        var parsed = Main.commandLine(Io.system(), ClusterFactory.engine(), env, raw).parseArgs(expanded).subcommand();
        assertTrue(parsed.hasMatchedOption("--" + key), "--" + key + " from " + env + ": " + List.of(expanded));
    }

    @Test
    void unknownKeysWrongValuesAndUnreadableFilesFailAtStartWithTheKeyAndTheReason() throws Exception {
        Path typo = yaml("probe-intervall: 1s\n");
        ParameterException unknown = assertThrows(ParameterException.class,
                () -> TestAgents.parse(Map.of(), "--config-file", typo.toString()));
        assertTrue(unknown.getMessage().contains("unknown key 'probe-intervall'")
                && unknown.getMessage().contains("did you mean probe-interval"), unknown.getMessage());

        Path wrong = yaml("gossip-fanout: lots\n");
        ParameterException value = assertThrows(ParameterException.class,
                () -> TestAgents.parse(Map.of(), "--config-file", wrong.toString()));
        assertTrue(value.getMessage().contains("key 'gossip-fanout'") && value.getMessage().contains("lots"),
                value.getMessage());

        ParameterException env = assertThrows(ParameterException.class,
                () -> TestAgents.parse(Map.of("PEKONODE_PROBE_INTERVAL", "soon")));
        assertTrue(env.getMessage().contains("PEKONODE_PROBE_INTERVAL"), env.getMessage());

        Path missing = dir.resolve("nope.yaml");
        ParameterException unreadable = assertThrows(ParameterException.class,
                () -> TestAgents.parse(Map.of(), "--config-file", missing.toString()));
        assertTrue(unreadable.getMessage().contains("cannot be read"), unreadable.getMessage());

        Path broken = yaml("tag: [unclosed\n");
        assertTrue(assertThrows(ParameterException.class,
                () -> TestAgents.parse(Map.of(), "--config-file", broken.toString())).getMessage().contains("cannot be read"));

        CliRun.Result run = CliRun.run("agent", "--config-file", typo.toString());
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("probe-intervall"), run.err());
    }
}

package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands operators expect, against real agents on 127.0.0.1. */
class OperatorCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final TestAgents agents = new TestAgents();

    @AfterEach
    void close() {
        agents.close();
    }

    @Test
    void joinAtRunTimeThenFilterMembersAndChangeTags() {
        AgentNode a = agents.start("--name", "web-1", "--tag", "role=web");
        AgentNode b = agents.start("--name", "db-1", "--tag", "role=db");
        CliRun.Result joined = CliRun.run("join", TestAgents.gossip(b), "--http", TestAgents.http(a));
        assertEquals(ExitCodes.OK, joined.code(), joined.toString());
        assertTrue(joined.out().contains("Successfully joined"), joined.out());
        Await.until("both to see two members", WAIT, () -> b.cluster().liveMembers().size() == 2);

        CliRun.Result web = CliRun.run("members", "--tag", "role=w.*", "--http", TestAgents.http(b));
        assertTrue(web.out().contains("web-1") && !web.out().contains("db-1"), web.out());
        CliRun.Result named = CliRun.run("members", "--name", "db-.*", "--status", "alive", "--http", TestAgents.http(a));
        assertTrue(named.out().contains("db-1") && !named.out().contains("web-1"), named.out());
        CliRun.Result none = CliRun.run("members", "--status", "dead", "--http", TestAgents.http(a));
        assertEquals(1, none.out().lines().count(), "only the header: " + none.out());

        CliRun.Result set = CliRun.run("tags", "set", "zone=b", "role=cache", "--http", TestAgents.http(b));
        assertEquals("role=cache,zone=b", set.out().strip(), set.toString());
        Await.until("a to see b's new tags", WAIT, () -> CliRun.run("members", "--tag", "zone=b", "--http",
                TestAgents.http(a)).out().contains("db-1"));
        CliRun.Result deleted = CliRun.run("tags", "delete", "zone", "--http", TestAgents.http(b));
        assertEquals("role=cache", deleted.out().strip(), deleted.toString());

        CliRun.Result unreachable = CliRun.run("join", "127.0.0.1:1", "--http", TestAgents.http(a));
        assertEquals(ExitCodes.FAILURE, unreachable.code());
        assertTrue(unreachable.err().contains("127.0.0.1:1"), unreachable.err());
    }

    @Test
    void queryPrintsEachAckAndResponseAsItArrivesThenTheTotals() {
        AgentNode a = agents.start("--name", "q-a", "--event-handler", "query:uptime=echo up-a");
        agents.start("--name", "q-b", "--join", TestAgents.gossip(a), "--query-handler", "uptime=echo up-b");
        Await.until("two members", WAIT, () -> a.cluster().liveMembers().size() == 2);
        CliRun.Result q = CliRun.run("query", "uptime", "--timeout", "2s", "--http", TestAgents.http(a));
        assertEquals(ExitCodes.OK, q.code(), q.toString());
        List<String> lines = q.out().lines().toList();
        assertEquals(2, lines.stream().filter(l -> l.startsWith("Ack from q-")).count(), q.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Response from q-a") && l.endsWith(": up-a")), q.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Response from q-b") && l.endsWith(": up-b")), q.out());
        assertEquals(List.of("Total Acks: 2", "Total Responses: 2"), lines.subList(lines.size() - 2, lines.size()));
        int firstAck = lines.indexOf(lines.stream().filter(l -> l.startsWith("Ack")).findFirst().orElseThrow());
        assertTrue(firstAck < lines.size() - 2, "acks come before the totals");
    }

    @Test
    void monitorPrintsEventsLiveWithFilters() throws Exception {
        AgentNode a = agents.start("--name", "mon-a");
        CompletableFuture<CliRun.Result> monitor = CompletableFuture.supplyAsync(() ->
                CliRun.run("monitor", "--type", "member-join,user", "--count", "2", "--http", TestAgents.http(a)));
        Await.until("the monitor to connect", WAIT, () -> CliRun.run("info", "--json", "--http", TestAgents.http(a))
                .out().contains("\"streamClients\":1"));
        agents.start("--name", "mon-b", "--join", TestAgents.gossip(a));
        CliRun.run("kv", "put", "k", "v", "--http", TestAgents.http(a));
        CliRun.run("event", "deploy", "v2", "--http", TestAgents.http(a));
        CliRun.Result out = monitor.get(30, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, out.code(), out.toString());
        List<String> lines = out.out().lines().toList();
        assertEquals(2, lines.size(), out.out());
        assertTrue(lines.get(0).contains("member-join mon-b"), lines.get(0));
        assertTrue(lines.get(1).contains("user 'deploy'") && lines.get(1).endsWith(": v2"), lines.get(1));
    }

    @Test
    void keysAndKeygenRotateTheGossipKey(@TempDir Path dir) throws Exception {
        CliRun.Result gen = CliRun.run("keygen");
        byte[] key = Base64.getDecoder().decode(gen.out().strip());
        assertEquals(32, key.length);
        Path secret = Files.writeString(dir.resolve("keys"), gen.out());
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        AgentNode a = agents.start("--name", "k-a", "--secret-file", secret.toString());
        String http = TestAgents.http(a);
        CliRun.Result list = CliRun.run("keys", "list", "--http", http);
        assertEquals(1, list.out().lines().count(), list.out());
        assertTrue(list.out().contains("(primary)"));
        String next = CliRun.run("keygen").out().strip();
        CliRun.Result installed = CliRun.run("keys", "install", next, "--http", http);
        assertEquals(2, installed.out().lines().count(), installed.toString());
        String newId = installed.out().lines().filter(l -> !l.contains("(primary)")).findFirst().orElseThrow().strip();
        String oldId = list.out().lines().findFirst().orElseThrow().replace("(primary)", "").strip();
        assertTrue(CliRun.run("keys", "use", newId, "--http", http).out().contains(newId + "  (primary)"));
        CliRun.Result removed = CliRun.run("keys", "remove", oldId, "--http", http);
        assertEquals(List.of(newId + "  (primary)"), removed.out().lines().toList(), removed.toString());
        assertTrue(Files.readString(secret, StandardCharsets.UTF_8).contains(next), "the key file keeps the rotation");
    }

    @Test
    void infoShowsVersionSettingsMembersAndQueues() {
        AgentNode a = agents.start("--name", "info-a", "--probe-interval", "750ms");
        CliRun.Result info = CliRun.run("info", "--http", TestAgents.http(a));
        assertEquals(ExitCodes.OK, info.code(), info.toString());
        for (String expected : List.of("version", "info-a", "probeInterval", "750ms", "alive", "inbound", "gossip",
                "openConnections")) {
            assertTrue(info.out().contains(expected), expected + " in " + info.out());
        }
    }

    @Test
    void completionScriptsAreGeneratedFromTheCommandDefinition(@TempDir Path dir) throws Exception {
        CliRun.Result bash = CliRun.run("completion", "bash");
        assertEquals(ExitCodes.OK, bash.code());
        for (String word : List.of("members", "monitor", "force-leave", "keygen", "--api-token-file", "--ops-http",
                "--config-file", "--prune")) {
            assertTrue(bash.out().contains(word), word);
        }
        Path script = Files.writeString(dir.resolve("pekonode.bash"), bash.out());
        // Load the script in bash and ask for completions as the shell would.
        Process p = new ProcessBuilder("bash", "-c", "source " + script + " && COMP_WORDS=(pekonode mon) && COMP_CWORD=1"
                + " && COMP_LINE='pekonode mon' && COMP_POINT=12 && _complete_pekonode && printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String completions = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), completions);
        assertEquals("monitor", completions.strip());
        CliRun.Result zsh = CliRun.run("completion", "zsh");
        assertTrue(zsh.out().startsWith("autoload -U +X compinit") && zsh.out().contains("bashcompinit"), zsh.out());
        assertEquals(ExitCodes.USAGE, CliRun.run("completion", "fish").code());
    }

    @Test
    void theZshScriptLoadsInZshAndCompletesCommandsAndFlags(@TempDir Path dir) throws Exception {
        boolean zsh = Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh"));
        if (!zsh && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but zsh is missing (.ci/run installs Debian's zsh)");
        }
        assumeTrue(zsh, "zsh is not installed (Debian: apt-get install -y zsh); the zsh completion is checked by its text only");
        CliRun.Result generated = CliRun.run("completion", "zsh");
        assertEquals(ExitCodes.OK, generated.code());
        Path script = Files.writeString(dir.resolve("pekonode.zsh"), generated.out());
        assertEquals(List.of("monitor"), zshCompletions(dir, script, "pekonode", "mon"));
        assertEquals(List.of("--ops-http"), zshCompletions(dir, script, "pekonode", "agent", "--ops"));
        assertEquals(List.of("--prune"), zshCompletions(dir, script, "pekonode", "force-leave", "--pr"));
    }

    /**
     * What zsh offers for the last word: the script's completion function, called as zsh's bash
     * completion layer calls it once the script has registered it with {@code complete}, gives its
     * candidates; zsh's own matching ({@code compadd}) then keeps those that start with the word.
     */
    private static List<String> zshCompletions(Path home, Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String current = words[words.length - 1];
        String command = "source " + script + " || exit 3\n"
                + "[[ $(complete -p pekonode) == *_complete_pekonode* ]] || exit 4\n"
                + "COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT="
                + line.length() + "\n"
                + "compgen -F _complete_pekonode -- " + current + "\n";
        ProcessBuilder builder = new ProcessBuilder("zsh", "-f", "-c", command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().put("ZDOTDIR", home.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> candidates = out.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(candidates.size() > 1, "the function offers the alternatives: " + candidates);
        return candidates.stream().filter(c -> c.startsWith(current)).toList();
    }
}

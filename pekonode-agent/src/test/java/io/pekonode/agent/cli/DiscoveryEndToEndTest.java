package io.pekonode.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.agent.Main;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.testing.Await;
import io.pekonode.agent.testing.CliRun;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.DiscoveryStatus;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.servers.Dnsmasq;
import io.pekonode.testkit.servers.Etcd;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that find each other only through a real discovery server started here on 127.0.0.1:
 * dnsmasq (one name with a record per agent, changed during the run) and etcd (registration with
 * leases, a crashed agent's key expiring, etcd stopped for 30 s and back).
 */
class DiscoveryEndToEndTest {

    private static final Duration FORM = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private final List<AgentNode> agents = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private Process child;

    @AfterEach
    void closeAll() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        agents.forEach(AgentNode::close);
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private AgentNode agent(String... flags) {
        List<String> args = new ArrayList<>(List.of("agent", "--http", "127.0.0.1:0", "--profile", "local"));
        args.addAll(List.of(flags));
        var parsed = Main.commandLine(Io.system(), ClusterFactory.engine()).parseArgs(args.toArray(String[]::new));
        AgentOptions options = ((AgentCommand) parsed.subcommand().commandSpec().userObject()).options;
        AgentNode agent = AgentNode.start(options.toClusterConfig(), options.http(), ClusterFactory.engine());
        agents.add(agent);
        return agent;
    }

    private static int liveCount(AgentNode a) {
        return (int) a.cluster().liveMembers().stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    private String describe() {
        return agents.stream().map(a -> a.cluster().localMember().name() + " sees " + a.cluster().members().stream()
                .map(m -> m.name() + ":" + m.state()).sorted().collect(Collectors.joining(","))).collect(Collectors.joining("; "));
    }

    private void awaitAllSee(int size) {
        Await.until("every agent to see " + size + " alive members", FORM,
                () -> agents.stream().allMatch(a -> liveCount(a) == size), this::describe);
    }

    private static List<DiscoveryStatus> status(AgentNode a) {
        return ((PekoNode) a.cluster()).discoveryStatus();
    }

    /** A port free for UDP and TCP on every loopback address used (they share one port). */
    private static int sharedPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            boolean free = true;
            for (int i = 2; i <= 8 && free; i++) {
                InetAddress host = InetAddress.getByName("127.0.0." + i);
                try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(host, port));
                     ServerSocket t = new ServerSocket(port, 1, host)) {
                    free = u.isBound() && t.isBound();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no port free on 127.0.0.2-8");
    }

    @Test
    void fiveAgentsFindEachOtherThroughOneDnsNameARecordAddedLaterBringsANewAgentInAndARemovedOneDoesNoHarm()
            throws Exception {
        Dnsmasq dns = Dnsmasq.start(dir, Duration.ofSeconds(1));
        servers.add(dns);
        int port = sharedPort();
        List<String> hosts = new ArrayList<>(List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"));
        dns.hosts(Map.of("peko.test", hosts));
        String source = "dns:peko.test?server=" + dns.server();
        for (String host : hosts) {
            agent("--name", "dns-" + host, "--bind", host + ":" + port, "--discover", source);
        }
        awaitAllSee(5);

        // Started alone (no --join, no --discover): only its new record lets the others find it.
        AgentNode late = agent("--name", "dns-late", "--bind", "127.0.0.7:" + port);
        hosts.add("127.0.0.7");
        dns.hosts(Map.of("peko.test", hosts));
        awaitAllSee(6);

        hosts.remove("127.0.0.2");
        dns.hosts(Map.of("peko.test", hosts));
        AgentNode observer = agents.get(1);
        Await.until("the removed record to leave the answer", FORM,
                () -> status(observer).get(0).addresses().size() == 5
                        && !status(observer).get(0).addresses().contains(new NodeAddress("127.0.0.2", port)));
        assertEquals(6, liveCount(observer), describe());
        assertEquals(6, liveCount(late), describe());

        CliRun.Result info = CliRun.run("info", "--http", observer.httpAddress().toString());
        assertEquals(ExitCodes.OK, info.code(), info.toString());
        assertTrue(info.out().contains("dns:peko.test") && info.out().contains("127.0.0.7:" + port)
                && info.out().contains("last answer: 20"), info.out());
    }

    @Test
    void fiveAgentsRegisterInEtcdAndFormWithoutJoinAndACrashedOnesKeyExpires() throws Exception {
        Etcd etcd = Etcd.start(dir);
        servers.add(etcd);
        String source = "etcd://" + etcd.hostPort() + "/pekonode/e2e?ttl=3";
        for (int i = 1; i <= 4; i++) {
            agent("--name", "etcd-" + i, "--bind", "127.0.0.1:0", "--discover", source);
        }
        int crashPort = sharedPort();
        NodeAddress crashAddress = new NodeAddress("127.0.0.1", crashPort);
        child = startChildAgent("etcd-crash", crashAddress, source);
        Await.until("every agent and the child process to form a cluster of 5", FORM,
                () -> agents.stream().allMatch(a -> liveCount(a) == 5), () -> describe() + "\nchild: " + childLog("etcd-crash"));
        AgentNode observer = agents.get(0);
        assertTrue(status(observer).get(0).addresses().contains(crashAddress));

        child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no leave, no deregistration
        long killed = System.nanoTime();
        Await.until("the crashed agent's key to expire and vanish from the answer", Duration.ofSeconds(20),
                () -> !status(observer).get(0).addresses().contains(crashAddress), () -> status(observer).toString());
        Duration expiry = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(expiry.compareTo(Duration.ofSeconds(2)) >= 0, "the key outlived the crash by its lease, not less: " + expiry);
        Await.until("the crashed agent to be declared dead", FORM, () -> observer.cluster().members().stream()
                .anyMatch(m -> m.address().equals(crashAddress) && m.state() == MemberState.DEAD), this::describe);
        assertEquals(4, status(observer).get(0).addresses().size(), status(observer).toString());
    }

    @Test
    void etcdStoppedForThirtySecondsNeitherDisturbsTheClusterNorCrashesAnAgentAndRegistrationResumes() throws Exception {
        Etcd etcd = Etcd.start(dir);
        servers.add(etcd);
        String source = "etcd://" + etcd.hostPort() + "/pekonode/outage?ttl=3&timeout=500";
        for (int i = 1; i <= 3; i++) {
            agent("--name", "outage-" + i, "--bind", "127.0.0.1:0", "--discover", source);
        }
        awaitAllSee(3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ((PekoNode) agents.get(0).cluster()).meterBinder().bindTo(registry);

        etcd.stop();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            for (AgentNode a : agents) {
                assertTrue(a.cluster().isRunning(), "an agent stopped while etcd was down");
                assertEquals(3, liveCount(a), "the cluster changed while etcd was down: " + describe());
            }
            Thread.sleep(1000);
        }
        assertTrue(status(agents.get(0)).get(0).lastError().isPresent(), status(agents.get(0)).toString());
        double errors = registry.get("pekonode.discovery.errors").functionCounter().count();
        assertTrue(errors >= 2, "errors counted while etcd was down: " + errors);

        etcd.begin();
        Await.until("every agent registered again with an answer listing all three", FORM, () -> agents.stream()
                .allMatch(a -> {
                    DiscoveryStatus s = status(a).get(0);
                    return s.registered() && s.lastError().isEmpty() && s.addresses().size() == 3;
                }), () -> agents.stream().map(a -> status(a).toString()).collect(Collectors.joining("; ")));
        for (AgentNode a : agents) {
            assertEquals(3, liveCount(a), describe());
        }
        List<Member> members = agents.get(2).cluster().members();
        assertTrue(members.stream().allMatch(m -> m.state() == MemberState.ALIVE), members.toString());
    }

    private String childLog(String name) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** An agent in its own JVM, so it can be killed like a crashed process. */
    private Process startChildAgent(String name, NodeAddress bind, String source) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = System.getProperty("jdk.module.path");
        List<String> command = new ArrayList<>(List.of(java));
        if (modulePath != null && !modulePath.isEmpty()) {
            // What the test JVM has on its class path (libraries surefire left there) goes along too.
            command.addAll(List.of("-p", modulePath, "-cp", System.getProperty("java.class.path"),
                    "--add-modules", "ALL-MODULE-PATH", "-m", "io.pekonode.agent/io.pekonode.agent.Main"));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.pekonode.agent.Main"));
        }
        command.addAll(List.of("agent", "--name", name, "--bind", bind.toString(), "--http", "127.0.0.1:0",
                "--profile", "local", "--discover", source));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }
}

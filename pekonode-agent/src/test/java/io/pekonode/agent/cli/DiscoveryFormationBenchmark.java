package io.pekonode.agent.cli;

import io.pekonode.agent.Main;
import io.pekonode.agent.node.AgentNode;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.PekoNode;
import io.pekonode.testkit.servers.Dnsmasq;
import io.pekonode.testkit.servers.Etcd;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed discovery timings for BENCHMARKS.md, not a test: agents in this JVM (lan profile) started one
 * after another with static --join, dns: or etcd:, and the time from the first start until every
 * agent lists N alive members; then, through etcd, a separate agent process killed with SIGKILL and
 * the time until its key is gone from the others' answer and until they mark it dead. Runs only with
 * {@code -Dpekonode.bench.discovery=true}; sizes from {@code -Dpekonode.bench.sizes=5,25}, rounds
 * from {@code -Dpekonode.bench.rounds=3}. Prints one line per run.
 */
@EnabledIfSystemProperty(named = "pekonode.bench.discovery", matches = "true")
class DiscoveryFormationBenchmark {

    @TempDir
    Path dir;

    @Test
    void formationThroughStaticJoinDnsAndEtcd() throws Exception {
        int rounds = Integer.getInteger("pekonode.bench.rounds", 3);
        List<Integer> sizes = List.of(System.getProperty("pekonode.bench.sizes", "5,25").split(",")).stream()
                .map(String::trim).map(Integer::parseInt).toList();
        try (Dnsmasq dns = Dnsmasq.start(dir.resolve("dns"), Duration.ofSeconds(5));
             Etcd etcd = Etcd.start(Files.createDirectories(dir.resolve("etcd")))) {
            for (int n : sizes) {
                for (int round = 1; round <= rounds; round++) {
                    for (String mode : List.of("static", "dns", "etcd")) {
                        double seconds = form(mode, n, round, dns, etcd);
                        System.out.printf(Locale.ROOT, "FORM mode=%s n=%d round=%d seconds=%.2f%n", mode, n, round, seconds);
                    }
                }
            }
            for (int round = 1; round <= rounds; round++) {
                crash(etcd, round);
            }
        }
    }

    private double form(String mode, int n, int round, Dnsmasq dns, Etcd etcd) throws Exception {
        List<AgentNode> agents = new ArrayList<>();
        try {
            int port = sharedPort(n);
            String source = "etcd://" + etcd.hostPort() + "/bench/" + n + "-" + round + "?ttl=10";
            if (mode.equals("dns")) {
                List<String> hosts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    hosts.add(host(i));
                }
                dns.hosts(Map.of("bench.test", hosts));
                source = "dns:bench.test?server=" + dns.server();
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                List<String> flags = new ArrayList<>(List.of("--name", mode + "-" + i, "--bind", host(i) + ":" + port));
                if (mode.equals("static")) {
                    if (i > 0) {
                        flags.addAll(List.of("--join", host(0) + ":" + port));
                    }
                } else {
                    flags.addAll(List.of("--discover", source));
                }
                agents.add(agent(flags));
            }
            long deadline = start + Duration.ofSeconds(120).toNanos();
            while (!agents.stream().allMatch(a -> alive(a) == n)) {
                if (System.nanoTime() > deadline) {
                    return Double.NaN;
                }
                Thread.sleep(20);
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            agents.parallelStream().forEach(AgentNode::close);
        }
    }

    private void crash(Etcd etcd, int round) throws Exception {
        String source = "etcd://" + etcd.hostPort() + "/bench/crash-" + round + "?ttl=5";
        List<AgentNode> agents = new ArrayList<>();
        Process child = null;
        try {
            for (int i = 0; i < 4; i++) {
                agents.add(agent(List.of("--name", "crash-" + i, "--bind", "127.0.0.1:0", "--discover", source)));
            }
            NodeAddress address = new NodeAddress("127.0.0.1", sharedPort(1));
            child = child(address, source);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!agents.stream().allMatch(a -> alive(a) == 5) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            PekoNode observer = (PekoNode) agents.get(0).cluster();
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            double keyGone = Double.NaN;
            double dead = Double.NaN;
            while ((Double.isNaN(keyGone) || Double.isNaN(dead)) && System.nanoTime() - killed < Duration.ofSeconds(60).toNanos()) {
                double now = (System.nanoTime() - killed) / 1e9;
                if (Double.isNaN(keyGone) && !observer.discoveryStatus().get(0).addresses().contains(address)) {
                    keyGone = now;
                }
                if (Double.isNaN(dead) && observer.members().stream()
                        .anyMatch(m -> m.address().equals(address) && m.state() == MemberState.DEAD)) {
                    dead = now;
                }
                Thread.sleep(20);
            }
            System.out.printf(Locale.ROOT, "CRASH ttl=5 round=%d key_gone_seconds=%.2f marked_dead_seconds=%.2f%n",
                    round, keyGone, dead);
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            agents.parallelStream().forEach(AgentNode::close);
        }
    }

    private static int alive(AgentNode a) {
        return (int) a.cluster().liveMembers().stream().filter(m -> m.state() == MemberState.ALIVE).count();
    }

    private static String host(int i) {
        return "127.0.0." + (i + 2);
    }

    private AgentNode agent(List<String> flags) {
        List<String> args = new ArrayList<>(List.of("agent", "--http", "127.0.0.1:0", "--log-level", "WARN"));
        args.addAll(flags);
        var parsed = Main.commandLine(Io.system(), ClusterFactory.engine()).parseArgs(args.toArray(String[]::new));
        AgentOptions options = ((AgentCommand) parsed.subcommand().commandSpec().userObject()).options;
        return AgentNode.start(options.toClusterConfig(), options.http(), ClusterFactory.engine());
    }

    private Process child(NodeAddress bind, String source) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-p", System.getProperty("jdk.module.path"), "-cp",
                System.getProperty("java.class.path"), "--add-modules", "ALL-MODULE-PATH", "-m",
                "io.pekonode.agent/io.pekonode.agent.Main", "agent", "--name", "crash-child", "--bind", bind.toString(),
                "--http", "127.0.0.1:0", "--discover", source));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    }

    private static int sharedPort(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = s.getLocalPort();
            }
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                InetAddress h = InetAddress.getByName(host(i));
                try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(h, port)); ServerSocket t = new ServerSocket(port, 1, h)) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no shared free port");
    }
}

package io.pekonode.it.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.Fleet;
import io.pekonode.it.cluster.FleetExtension;
import io.pekonode.it.cluster.NodeSpec;
import io.pekonode.it.cluster.ProtocolBounds;
import io.pekonode.it.cluster.Reports;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chaos soak against real agent containers: an encrypted cluster with data directories on volumes,
 * clients writing and deleting keys through several agents, a seeded nemesis ({@link ContainerSchedule})
 * that kills and restarts, pauses, partitions (halves, one node isolated, a bridge node), drops a share
 * of packets with the iptables statistic match, makes nodes leave and rejoin and restarts nodes in turn,
 * and junk datagrams and TCP connections at random nodes throughout. Invariants:
 *
 * <ul>
 *   <li>no false deaths: a node no fault touches (within a grace period after a heal) is never DEAD or
 *       LEFT in the view of a node no fault touches, polled every two seconds;</li>
 *   <li>no ghosts: every view lists each node once, under the id it had from the start;</li>
 *   <li>convergence after the final heal: every node lists all nodes ALIVE and holds the same key map,
 *       within bounds derived from the agents' profile;</li>
 *   <li>no lost writes: each key ends on the value of its latest acknowledged write or of a write with a
 *       higher version (a delete counts as a write);</li>
 *   <li>health: every agent answers its health check at the end; no container exited by itself.</li>
 * </ul>
 *
 * The default run has 12 nodes for 2 minutes, {@code -Dpekonode.soak.containers.long=true} 30 minutes;
 * {@code -Dpekonode.soak.containers.size} changes the node count (fewer where two cores cannot carry 12
 * agents) and {@code -Dpekonode.soak.seed} picks the seed. On a violation the schedule, the write history, every agent's metrics and log and a
 * reproduction command are written beside the failsafe reports.
 */
class ChaosSoakIT {

    @RegisterExtension
    static final FleetExtension FLEET = FleetExtension.udp();

    private static final int KEYS = 40;
    private static final int GOSSIP_PORT = 7946;

    /** One acknowledged or unanswered write; {@code value} null for a delete, {@code version} null when unanswered. */
    record Write(int client, String key, String value, String version, String through, long atMillis) {
    }

    private final List<Write> history = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> touchDepth = new ConcurrentHashMap<>();
    private final Map<String, Long> touchedUntil = new ConcurrentHashMap<>();
    private final AtomicLong junkSent = new AtomicLong();
    private final AtomicLong viewsChecked = new AtomicLong();
    private volatile long start;
    private volatile long graceMillis;

    @Test
    void anEncryptedClusterKeepsItsGuaranteesThroughASeededScheduleOfOverlappingFaults() throws Exception {
        boolean longRun = Boolean.getBoolean("pekonode.soak.containers.long");
        int size = Integer.getInteger("pekonode.soak.containers.size", 12);
        long length = longRun ? Duration.ofMinutes(30).toMillis() : Duration.ofMinutes(2).toMillis();
        long seed = Long.getLong("pekonode.soak.seed", 18);
        ProtocolBounds bounds = ProtocolBounds.forCluster(size);
        graceMillis = bounds.partitionMerge().toMillis();
        ContainerSchedule schedule = ContainerSchedule.generate(seed, size, length, longRun ? 20_000 : 12_000,
                longRun ? 60_000 : 30_000);
        System.out.println(schedule.describe());

        Fleet fleet = FLEET.fleet();
        List<String> aliases = IntStream.rangeClosed(1, size).mapToObj(i -> "node" + i).toList();
        String keys = "# chaos soak key (test only)\n" + key(seed) + "\n";
        for (String alias : aliases) {
            NodeSpec spec = new NodeSpec(alias, alias.equals("node1") ? List.of() : List.of("node1", "node2", "node3"),
                    alias.equals("node1"), Optional.of(fleet.createVolume(alias + "-data")), Optional.of(keys));
            if (alias.equals("node1")) {
                fleet.start(spec);
            } else {
                fleet.startAll(List.of(spec)); // one at a time: twelve JVMs starting at once starve two cores
            }
        }
        Await.until("the cluster has formed", bounds.formation().multipliedBy(2), () -> fleet.views(fleet.nodes()),
                view -> view.allAliveWithSize(size));
        boolean iptables = iptablesWorks(fleet.node("node1"));
        if (Boolean.parseBoolean(System.getenv("CI"))) {
            assertTrue(iptables, "the soak's network faults need iptables in the node image");
        }
        assumeTrue(iptables, "the soak's network faults need iptables (with the statistic match) in the node image");
        ClusterView formed = fleet.views(fleet.nodes());
        Map<String, String> idByAlias = new LinkedHashMap<>();
        aliases.forEach(a -> idByAlias.put(a, formed.selfId(a)));

        start = System.currentTimeMillis();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService background = Executors.newCachedThreadPool();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            int client = c;
            loops.add(background.submit(() -> writeLoop(fleet, aliases, client, seed, running)));
        }
        loops.add(background.submit(() -> watchLoop(fleet, idByAlias, running)));
        loops.add(background.submit(() -> junkLoop(fleet, aliases, seed, running)));

        List<Future<?>> faults = new ArrayList<>();
        for (ContainerFault fault : schedule.faults()) {
            sleepUntil(fault.startMillis());
            faults.add(background.submit(() -> {
                run(fleet, fault, aliases);
                return null;
            }));
        }
        for (Future<?> f : faults) {
            f.get(10, TimeUnit.MINUTES);
        }
        sleepUntil(length);
        running.set(false);
        for (Future<?> f : loops) {
            f.get(1, TimeUnit.MINUTES);
        }
        background.shutdown();

        // Final heal: nothing should be left, but make sure.
        for (AgentNode node : fleet.nodes()) {
            node.iptables("-F", "INPUT");
        }
        Duration memberBound = bounds.partitionMerge().plus(bounds.maxSuspicion());
        try {
            Duration took = Await.until("every node lists all " + size + " ALIVE", memberBound,
                    () -> fleet.views(fleet.nodes()), view -> view.allAliveWithSize(size));
            Timings.record("chaos soak: members converged after the final heal", took, memberBound);
        } catch (AssertionError e) {
            violations.add("members did not converge within " + memberBound + ": " + e.getMessage());
        }
        Duration kvBound = bounds.metadataSpread();
        Map<String, Map<String, String>> finalMaps = new LinkedHashMap<>();
        try {
            Duration took = Await.until("every node holds the same keys", kvBound, () -> maps(fleet),
                    maps -> new HashSet<>(maps.values()).size() == 1);
            Timings.record("chaos soak: key maps agreed after the members converged", took, kvBound);
        } catch (AssertionError e) {
            violations.add("key maps still differ after " + kvBound + ": " + e.getMessage());
        }
        finalMaps.putAll(maps(fleet));
        checkNoLostWrites(finalMaps);
        checkGhosts(fleet.views(fleet.nodes()), idByAlias);
        for (AgentNode node : fleet.nodes()) {
            if (!node.api().healthy()) {
                violations.add(node + " does not answer its health check at the end");
            }
        }
        long acked = history.stream().filter(w -> w.version() != null).count();
        System.out.printf("chaos soak: seed %d, %d nodes, %d faults, %d writes acknowledged (%d unanswered), %d member"
                + " lists checked, %d junk packets and connections sent, %d violations%n", seed, size,
                schedule.faults().size(), acked, history.size() - acked, viewsChecked.get(), junkSent.get(), violations.size());
        if (!violations.isEmpty()) {
            saveEvidence(fleet, schedule, seed, longRun, size);
        }
        assertTrue(violations.isEmpty(), () -> String.join("\n", violations) + "\n" + schedule.describe());
        assertTrue(acked > 0 && viewsChecked.get() > 0, "the soak wrote and watched");
    }

    // ---------------------------------------------------------------- the nemesis

    private void run(Fleet fleet, ContainerFault fault, List<String> aliases) throws Exception {
        List<String> nodes = fault.nodes().stream().map(i -> "node" + i).toList();
        switch (fault.kind()) {
            case KILL_RESTART -> {
                touch(nodes);
                fleet.node(nodes.get(0)).kill();
                sleepUntil(fault.endMillis());
                restart(fleet, nodes.get(0), aliases);
                untouch(nodes);
            }
            case PAUSE -> {
                touch(nodes);
                fleet.node(nodes.get(0)).pause();
                sleepUntil(fault.endMillis());
                fleet.node(nodes.get(0)).unpause();
                untouch(nodes);
            }
            case LEAVE_REJOIN -> {
                touch(nodes);
                AgentNode node = fleet.node(nodes.get(0));
                node.api().leave();
                sleepUntil(fault.endMillis());
                node.stop(); // it exits by itself after the leave; this waits for that
                restart(fleet, nodes.get(0), aliases);
                untouch(nodes);
            }
            case ROLLING_RESTART -> {
                touch(nodes);
                long each = fault.durationMillis() / nodes.size();
                for (int i = 0; i < nodes.size(); i++) {
                    fleet.node(nodes.get(i)).stop();
                    restart(fleet, nodes.get(i), aliases);
                    sleepUntil(fault.startMillis() + (i + 1) * each);
                }
                untouch(nodes);
            }
            case PARTITION_HALVES, BRIDGE -> {
                touch(aliases);
                List<String> sideA = new ArrayList<>(nodes);
                if (fault.kind() == ContainerFault.Kind.BRIDGE) {
                    sideA.remove(sideA.size() - 1); // the bridge: on neither side, so nobody drops its packets
                }
                List<String> sideB = aliases.stream().filter(a -> !nodes.contains(a)).toList();
                cut(fleet, sideA, sideB);
                cut(fleet, sideB, sideA);
                sleepUntil(fault.endMillis());
                heal(fleet, aliases);
                untouch(aliases);
            }
            case ISOLATE -> {
                touch(nodes);
                List<String> rest = aliases.stream().filter(a -> !nodes.contains(a)).toList();
                cut(fleet, nodes, rest);
                cut(fleet, rest, nodes);
                sleepUntil(fault.endMillis());
                heal(fleet, aliases);
                untouch(nodes);
            }
            case LOSS -> {
                touch(nodes);
                for (String alias : nodes) {
                    fleet.node(alias).iptables("-A", "INPUT", "-p", "udp", "-m", "statistic", "--mode", "random",
                            "--probability", String.format("%.2f", fault.lossRate()), "-j", "DROP");
                }
                sleepUntil(fault.endMillis());
                heal(fleet, nodes);
                untouch(nodes);
            }
            default -> throw new IllegalStateException("unhandled " + fault.kind());
        }
    }

    private static void restart(Fleet fleet, String alias, List<String> aliases) {
        NodeSpec old = fleet.spec(alias);
        List<String> seeds = aliases.stream().filter(a -> !a.equals(alias)).limit(3).toList();
        fleet.start(new NodeSpec(alias, seeds, false, old.dataVolume(), old.keyFile()));
    }

    /** Every node of {@code observers} drops packets from every node of {@code cutOff}. */
    private static void cut(Fleet fleet, List<String> observers, List<String> cutOff) throws IOException {
        List<String> ips = cutOff.stream().map(a -> fleet.node(a).ip()).toList();
        for (String alias : observers) {
            for (String ip : ips) {
                fleet.node(alias).iptables("-A", "INPUT", "-s", ip, "-j", "DROP");
            }
        }
    }

    private static void heal(Fleet fleet, List<String> aliases) throws IOException {
        for (String alias : aliases) {
            fleet.node(alias).iptables("-F", "INPUT");
        }
    }

    private void touch(List<String> aliases) {
        aliases.forEach(a -> touchDepth.merge(a, 1, Integer::sum));
    }

    private void untouch(List<String> aliases) {
        long until = System.currentTimeMillis() + graceMillis;
        aliases.forEach(a -> {
            touchDepth.merge(a, -1, Integer::sum);
            touchedUntil.put(a, until);
        });
    }

    private boolean touched(String alias) {
        return touchDepth.getOrDefault(alias, 0) > 0 || System.currentTimeMillis() < touchedUntil.getOrDefault(alias, 0L);
    }

    // ---------------------------------------------------------------- clients, watcher, junk

    private void writeLoop(Fleet fleet, List<String> aliases, int client, long seed, AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(seed * 131 + client);
        int sequence = 0;
        while (running.get()) {
            // Each client has its own home agents, so writes go through several agents' APIs.
            String through = aliases.get((client + 3 * random.nextInt(Math.max(1, aliases.size() / 3))) % aliases.size());
            String key = "key-" + random.nextInt(KEYS);
            boolean delete = random.nextInt(10) == 0;
            String value = delete ? null : "c" + client + "-" + (sequence++);
            String version = null;
            try {
                AgentNode node = fleet.node(through);
                version = delete ? SoakClient.delete(node, key) : SoakClient.put(node, key, value);
            } catch (IOException | RuntimeException e) {
                // unanswered: it may or may not have been applied
            }
            history.add(new Write(client, key, value, version, through, System.currentTimeMillis() - start));
            pause(200);
        }
    }

    private void watchLoop(Fleet fleet, Map<String, String> idByAlias, AtomicBoolean running) {
        Map<String, String> aliasById = new HashMap<>();
        idByAlias.forEach((a, id) -> aliasById.put(id, a));
        while (running.get()) {
            for (AgentNode observer : fleet.nodes()) {
                List<MemberView> view;
                try {
                    view = observer.api().members();
                } catch (IOException | RuntimeException e) {
                    continue; // down or paused
                }
                viewsChecked.incrementAndGet();
                ghosts(observer.alias(), view, idByAlias);
                if (touched(observer.alias())) {
                    continue;
                }
                for (MemberView m : view) {
                    String target = aliasById.get(m.id());
                    if (target != null && !touched(target) && (m.state().equals("DEAD") || m.state().equals("LEFT"))) {
                        violations.add(String.format("false death at +%.1fs: untouched %s holds untouched %s %s",
                                (System.currentTimeMillis() - start) / 1000.0, observer.alias(), target, m.state()));
                    }
                }
            }
            pause(2_000);
        }
    }

    private void ghosts(String observer, List<MemberView> view, Map<String, String> idByAlias) {
        Set<String> names = new HashSet<>();
        for (MemberView m : view) {
            if (!names.add(m.name())) {
                violations.add("ghost: " + observer + " lists " + m.name() + " twice");
            }
            String expected = idByAlias.get(m.name());
            if (!m.id().equals(expected)) {
                violations.add("ghost: " + observer + " lists " + m.name() + " under id " + m.id() + ", not " + expected);
            }
        }
    }

    private void checkGhosts(ClusterView view, Map<String, String> idByAlias) {
        for (String observer : idByAlias.keySet()) {
            ghosts(observer, view.of(observer), idByAlias);
        }
    }

    /** Junk at random nodes' gossip port: random datagrams and TCP connections that send garbage and close. */
    private void junkLoop(Fleet fleet, List<String> aliases, long seed, AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(seed * 17 + 3);
        try (DatagramSocket socket = new DatagramSocket()) {
            while (running.get()) {
                String alias = aliases.get(random.nextInt(aliases.size()));
                byte[] junk = new byte[1 + random.nextInt(1_400)];
                random.nextBytes(junk);
                try {
                    InetAddress ip = InetAddress.getByName(fleet.node(alias).ip());
                    socket.send(new DatagramPacket(junk, junk.length, ip, GOSSIP_PORT));
                    junkSent.incrementAndGet();
                    if (random.nextInt(4) == 0) {
                        try (Socket tcp = new Socket()) {
                            tcp.connect(new InetSocketAddress(ip, GOSSIP_PORT), 500);
                            tcp.getOutputStream().write(junk);
                            junkSent.incrementAndGet();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the node is down or cut off, or the host cannot reach the container network
                }
                pause(250);
            }
        } catch (IOException e) {
            violations.add("could not open a socket for junk: " + e);
        }
    }

    // ---------------------------------------------------------------- final checks

    private static Map<String, Map<String, String>> maps(Fleet fleet) throws IOException {
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        for (AgentNode node : fleet.nodes()) {
            maps.put(node.alias(), SoakClient.all(node));
        }
        return maps;
    }

    /**
     * For each key, the value every node ends with must be the latest acknowledged write or a write with a
     * higher version: an acknowledged one with a higher version, or an unanswered one (its version is
     * unknown, so it may be higher). A missing key needs a delete at least as recent.
     */
    private void checkNoLostWrites(Map<String, Map<String, String>> finalMaps) {
        Map<String, Write> latest = new HashMap<>();
        Map<String, Write> byValue = new HashMap<>();
        Set<String> unansweredValues = new HashSet<>();
        Set<String> unansweredDeletes = new HashSet<>();
        for (Write w : history) {
            if (w.version() == null) {
                if (w.value() == null) {
                    unansweredDeletes.add(w.key());
                } else {
                    unansweredValues.add(w.value());
                }
                continue;
            }
            latest.merge(w.key(), w, (a, b) -> SoakClient.compareVersions(a.version(), b.version()) >= 0 ? a : b);
            if (w.value() != null) {
                byValue.put(w.value(), w);
            }
        }
        int lost = 0;
        for (Map.Entry<String, Map<String, String>> node : finalMaps.entrySet()) {
            for (Write want : latest.values()) {
                String held = node.getValue().get(want.key());
                boolean ok;
                if (held == null) {
                    ok = want.value() == null || unansweredDeletes.contains(want.key())
                            || history.stream().anyMatch(w -> w.key().equals(want.key()) && w.value() == null
                                    && w.version() != null && SoakClient.compareVersions(w.version(), want.version()) >= 0);
                } else {
                    Write source = byValue.get(held);
                    ok = unansweredValues.contains(held)
                            || source != null && SoakClient.compareVersions(source.version(), want.version()) >= 0;
                }
                if (!ok && lost++ < 5) {
                    violations.add("lost write: " + node.getKey() + " holds " + want.key() + " = " + held + ", but " + want
                            + " was acknowledged");
                }
            }
        }
    }

    private void saveEvidence(Fleet fleet, ContainerSchedule schedule, long seed, boolean longRun, int size) {
        Path dir = Reports.dir().resolve("chaos-soak-seed-" + seed);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("schedule.txt"), schedule.describe() + "\n");
            Files.writeString(dir.resolve("violations.txt"), String.join("\n", violations) + "\n");
            Files.writeString(dir.resolve("history.txt"), history.stream().map(Write::toString)
                    .collect(Collectors.joining("\n")) + "\n");
            for (AgentNode node : fleet.nodes()) {
                try {
                    Files.writeString(dir.resolve(node.alias() + ".metrics.json"), SoakClient.metrics(node));
                } catch (IOException | RuntimeException e) {
                    Files.writeString(dir.resolve(node.alias() + ".metrics.json"), "unavailable: " + e);
                }
            }
            Files.writeString(dir.resolve("reproduce.txt"), "mvn -B -pl pekonode-it -am verify -Dit.test=ChaosSoakIT"
                    + " -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
                    + " -Dpekonode.soak.seed=" + seed
                    + (longRun ? " -Dpekonode.soak.containers.long=true" : "")
                    + " -Dpekonode.soak.containers.size=" + size + "\n");
            fleet.dumpLogs(dir, "agent");
        } catch (IOException e) {
            violations.add("could not save the evidence to " + dir + ": " + e);
        }
    }

    private static boolean iptablesWorks(AgentNode node) {
        try {
            node.iptables("-A", "INPUT", "-p", "udp", "-s", "192.0.2.1", "-m", "statistic", "--mode", "random",
                    "--probability", "0.5", "-j", "DROP");
            node.iptables("-F", "INPUT");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String key(long seed) {
        byte[] key = new byte[32];
        new SplittableRandom(seed).nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private void sleepUntil(long offsetMillis) {
        long wait = start + offsetMillis - System.currentTimeMillis();
        if (wait > 0) {
            pause(wait);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

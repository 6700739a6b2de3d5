package io.pekonode.agent.demo;

import io.pekonode.agent.format.MemberListing;
import io.pekonode.agent.format.Printable;
import io.pekonode.agent.node.ClusterFactory;
import io.pekonode.agent.node.LocalMember;
import io.pekonode.agent.node.Logs;
import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.ThreadContext;

/**
 * The demo's script: start, converge, publish, crash, detect, close. Every step polls the nodes'
 * public API (what a user would see) and prints real elapsed times; a step that misses its deadline
 * fails the run with what was seen so far.
 */
public final class DemoRun {

    /** A step did not happen in time, or a node could not start. */
    public static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    private record Node(String name, Cluster cluster) {
    }

    /** How often the demo looks at the nodes; also the precision of its timings. */
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String KEY = "greeting";
    /** The steps {@link #run} takes, for the "[n/total]" headings. */
    static final int STEPS = 5;

    private final ClusterFactory factory;
    private final PrintStream out;
    private final int count;
    private final String transport;
    private final Duration limit;
    private final List<Node> nodes = new ArrayList<>();

    public DemoRun(ClusterFactory factory, PrintStream out, int count, String transport, Duration limit) {
        this.factory = factory;
        this.out = out;
        this.count = count;
        this.transport = transport;
        this.limit = limit;
    }

    /** Snappy but realistic timings for one host: memberlist's local profile with a 500 ms probe period. */
    ClusterConfig config(String name, int index, List<NodeAddress> seeds) {
        return ClusterConfig.local()
                .nodeName(name)
                .tag("index", Integer.toString(index))
                .bind(new NodeAddress("127.0.0.1", 0))
                .transport(transport)
                .failureDetection(fd -> fd.probeInterval(Duration.ofMillis(500)))
                .antiEntropy(ae -> ae.pushPullInterval(Duration.ofSeconds(5)))
                .lifecycle(lc -> lc.joinRetryInitial(Duration.ofMillis(200)).joinRetryMax(Duration.ofSeconds(2))
                        .bootstrap(seeds.isEmpty()))
                .seeds(seeds)
                .build();
    }

    public void run() throws StepFailed, InterruptedException {
        long begin = System.nanoTime();
        ClusterConfig sample = config("node-1", 1, List.of());
        out.printf("PekoNode demo: %d nodes on 127.0.0.1 over %s (probe every %d ms, gossip every %d ms to %d members)%n",
                count, transport, sample.failureDetection().probeInterval().toMillis(), sample.gossip().interval().toMillis(),
                sample.gossip().fanout());
        try {
            startNodes();
            awaitMembership();
            publishAndRead();
            eventAndQuery();
            crashAndDetect();
        } finally {
            closeAll();
        }
        out.printf("%nDemo finished in %s: the cluster formed, shared a key, answered a query and detected a crash.%n",
                Printable.seconds(since(begin)));
    }

    private void startNodes() throws StepFailed {
        step(1, "Starting " + count + " nodes; node-1 starts the cluster, the others join through it");
        long begin = System.nanoTime();
        List<NodeAddress> seeds = List.of();
        for (int i = 1; i <= count; i++) {
            String name = "node-" + i;
            ThreadContext.put(Logs.NODE_KEY, name);
            ClusterConfig config = config(name, i, seeds);
            Cluster cluster;
            Member self;
            try {
                cluster = factory.create(config);
                nodes.add(new Node(name, cluster));
                cluster.start();
                self = LocalMember.await(cluster, limit);
                if (!seeds.isEmpty()) {
                    // The engine keeps retrying in the background; the next step watches the result.
                    cluster.join(seeds);
                }
            } catch (RuntimeException e) {
                throw new StepFailed("could not start " + name + ": " + e.getMessage());
            } finally {
                ThreadContext.remove(Logs.NODE_KEY);
            }
            out.printf("  %-8s %s  %s%s%n", name, MemberListing.shortId(self.id()), self.address(),
                    i == 1 ? "  (seed)" : "");
            if (i == 1) {
                seeds = List.of(self.address());
            }
        }
        out.printf("  started %d nodes in %s%n", count, Printable.seconds(since(begin)));
    }

    private void awaitMembership() throws StepFailed, InterruptedException {
        step(2, "Waiting until every node sees all " + count + " members alive");
        long begin = System.nanoTime();
        String[] last = {""};
        boolean done = poll(() -> {
            int[] seen = nodes.stream().mapToInt(n -> alive(n.cluster()).size()).toArray();
            String line = describeCounts(seen);
            if (!line.equals(last[0])) {
                last[0] = line;
                out.printf("  %9s  %s%n", "+" + Printable.seconds(since(begin)), line);
            }
            return Arrays.stream(seen).allMatch(n -> n == count);
        });
        if (!done) {
            throw new StepFailed("after " + limit.toSeconds() + " s not every node sees all " + count
                    + " members (last: " + last[0] + ")");
        }
        out.printf("  all %d nodes see %d alive members after %s%n%n", count, count, Printable.seconds(since(begin)));
        printTable(nodes.get(0));
    }

    private void publishAndRead() throws StepFailed, InterruptedException {
        Node writer = nodes.get(0);
        String text = "hello from " + writer.name() + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        step(3, writer.name() + " publishes " + KEY + " = \"" + text + "\"; every node reads it locally");
        long begin = System.nanoTime();
        String version = writer.cluster().publish(KEY, value).toString();
        out.printf("  published in %s, version %s%n", Printable.seconds(since(begin)), version);
        Map<String, Duration> readAt = new LinkedHashMap<>();
        boolean done = poll(() -> {
            for (Node n : nodes) {
                if (!readAt.containsKey(n.name())
                        && n.cluster().read(KEY).map(v -> Arrays.equals(v, value)).orElse(false)) {
                    Duration t = since(begin);
                    readAt.put(n.name(), t);
                    out.printf("  %9s  %s reads it%n", "+" + Printable.seconds(t), n.name());
                }
            }
            return readAt.size() == count;
        });
        if (!done) {
            throw new StepFailed("after " + limit.toSeconds() + " s only " + readAt.keySet() + " read the value");
        }
        out.printf("  all %d nodes read the value after %s%n", count, Printable.seconds(since(begin)));
    }

    private void eventAndQuery() throws StepFailed, InterruptedException {
        Node asker = nodes.get(0);
        step(4, asker.name() + " broadcasts a user event, then queries every node (each answers with its name)");
        Map<String, Duration> heardAt = new java.util.concurrent.ConcurrentHashMap<>();
        List<io.pekonode.api.event.Subscription> subscriptions = new ArrayList<>();
        long begin = System.nanoTime();
        try {
            for (Node n : nodes) {
                subscriptions.add(n.cluster().subscribe(e -> {
                    if (e instanceof io.pekonode.api.event.ClusterEvent.UserEventReceived u && u.name().equals("hello")) {
                        heardAt.putIfAbsent(n.name(), since(begin));
                    }
                }));
                subscriptions.add(n.cluster().handle("whoami", m -> n.name().getBytes(StandardCharsets.UTF_8)));
            }
            asker.cluster().broadcast("hello", "hi everyone".getBytes(StandardCharsets.UTF_8));
            if (!poll(() -> heardAt.size() == count)) {
                throw new StepFailed("after " + limit.toSeconds() + " s only " + heardAt.keySet() + " got the event");
            }
            out.printf("  every node got the event once, the last after %s%n",
                    Printable.seconds(heardAt.values().stream().max(Comparator.naturalOrder()).orElseThrow()));
            long queryBegin = System.nanoTime();
            io.pekonode.api.messaging.QueryResult result;
            try {
                result = asker.cluster().query("whoami", new byte[0],
                        io.pekonode.api.messaging.QueryOptions.defaults().withTimeout(Duration.ofSeconds(2)))
                        .get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new StepFailed("the query failed: " + e);
            }
            List<String> names = result.responses().stream()
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8)).sorted().toList();
            out.printf("  query answered by %d nodes (%d acks) in %s: %s%n", names.size(), result.acks().size(),
                    Printable.seconds(since(queryBegin)), String.join(", ", names));
            if (names.size() != count) {
                throw new StepFailed("the query got " + names.size() + " answers, expected " + count + ": " + names);
            }
        } finally {
            subscriptions.forEach(io.pekonode.api.event.Subscription::close);
        }
    }

    private void crashAndDetect() throws StepFailed, InterruptedException {
        Node victim = nodes.get(nodes.size() - 1);
        List<Node> survivors = nodes.subList(0, nodes.size() - 1);
        String victimId = victim.cluster().localMember().id();
        step(5, victim.name() + " crashes: it stops answering without leaving; the others must detect it");
        long begin = System.nanoTime();
        // A crash as seen from outside: stop() silences the node (no probes sent or answered), and the
        // engine closes a stopped node without a goodbye, releasing its sockets.
        victim.cluster().stop();
        victim.cluster().close();
        Map<String, MemberState> lastSeen = new LinkedHashMap<>();
        boolean done = poll(() -> {
            int failed = 0;
            for (Node n : survivors) {
                MemberState state = n.cluster().member(victimId).map(Member::state).orElse(null);
                if (state != null && state != lastSeen.get(n.name())) {
                    lastSeen.put(n.name(), state);
                    if (state != MemberState.ALIVE) {
                        out.printf("  %9s  %s sees %s as %s%n", "+" + Printable.seconds(since(begin)), n.name(),
                                victim.name(), state == MemberState.DEAD ? "DEAD (failed)" : state);
                    }
                }
                if (state == MemberState.DEAD) {
                    failed++;
                }
            }
            return failed == survivors.size();
        });
        if (!done) {
            throw new StepFailed("after " + limit.toSeconds() + " s not every node marked " + victim.name()
                    + " failed (last states: " + lastSeen + ")");
        }
        out.printf("  all %d remaining nodes mark %s failed after %s%n%n", survivors.size(), victim.name(),
                Printable.seconds(since(begin)));
        printTable(survivors.get(0));
    }

    private void closeAll() {
        if (nodes.isEmpty()) {
            return;
        }
        long begin = System.nanoTime();
        // In parallel: each close() says goodbye briefly, and nobody should wait for N goodbyes in a row.
        List<Thread> closers = new ArrayList<>();
        for (Node n : nodes) {
            Thread t = new Thread(() -> n.cluster().close(), "demo-close-" + n.name());
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.printf("%nClosed all %d nodes in %s.%n", nodes.size(), Printable.seconds(since(begin)));
    }

    private void printTable(Node viewer) {
        out.println("  Members as " + viewer.name() + " sees them:");
        List<MemberListing.Row> rows = viewer.cluster().members().stream()
                .sorted(Comparator.comparingInt((Member m) -> parseIndex(m.tags().getOrDefault("index", "")))
                        .thenComparing(Member::name))
                .map(m -> new MemberListing.Row(m.id(), m.name(), m.address().toString(), m.state().name(),
                        m.incarnation(), m.tags()))
                .toList();
        MemberListing.render(rows).lines().forEach(line -> out.println("    " + line));
    }

    private static int parseIndex(String index) {
        try {
            return Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static List<Member> alive(Cluster cluster) {
        return cluster.liveMembers().stream().filter(m -> m.state() == MemberState.ALIVE).toList();
    }

    private String describeCounts(int[] seen) {
        long complete = Arrays.stream(seen).filter(n -> n == count).count();
        if (seen.length <= 12) {
            return "alive members seen by each node: " + Arrays.toString(seen);
        }
        return "alive members seen: min " + Arrays.stream(seen).min().orElse(0) + ", max "
                + Arrays.stream(seen).max().orElse(0) + "; " + complete + "/" + count + " nodes complete";
    }

    private void step(int number, String title) {
        out.printf("%n[%d/%d] %s%n", number, STEPS, title);
    }

    /** Checks {@code done} every {@link #POLL} until it holds (true) or the step's limit passes (false). */
    private boolean poll(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    private static Duration since(long beginNanos) {
        return Duration.ofNanos(System.nanoTime() - beginNanos);
    }
}

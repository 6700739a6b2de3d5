package io.pekonode.testkit.sim;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.FailureDetectionConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.WireMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.ToIntFunction;

/**
 * The simulator benchmark (not a test; BENCHMARKS.md has the commands and figures): for each cluster
 * size, with the {@code lan()} preset, it forms a cluster, then measures dissemination of a metadata
 * write and of a crash (rounds to 99% and 100% of the nodes), crash detection time, false failures per
 * node-hour under 10% loss, idle bytes per node per second and heap per simulated node, each beside
 * the value the design predicts.
 *
 * <p>Run (see BENCHMARKS.md): {@code java -Xmx12g -cp <test classpath> io.pekonode.testkit.sim.SimBenchmark 100,1000}.
 * System properties: {@code sizer=json|estimate} (json: bytes from the real JSON codec, default for N <= 1,000),
 * {@code fpSeconds=<s>} (loss run length; default 3,600 s at N <= 100, 600 s at 1,000, 60 s above),
 * {@code formSeconds=<s>} (virtual time allowed to form the cluster), {@code preformed=true|false} (start the cluster
 * already formed with {@link Simulation#startFormedCluster}; default above N = 1,000, where joining is O(N^2)),
 * {@code idleSeconds=<s>} (idle traffic window; default two scaled push-pull intervals), {@code settleSeconds=<s>}
 * (pre-formed: virtual time run before the idle memory figure, default 10), {@code memoryOnly=true} (stop after it).
 */
public final class SimBenchmark {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final FailureDetectionConfig FD = LAN.failureDetection();

    private SimBenchmark() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "100,1000,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        System.out.printf(Locale.ROOT, "PekoNode simulator benchmark, lan() preset: probe %d ms, timeout %d ms, %d indirect, gossip %d ms x %d, "
                        + "retransmit x%d, suspicion x%d (max x%d), push-pull %d s; %d cores, max heap %d MB%n",
                FD.probeInterval().toMillis(), FD.probeTimeout().toMillis(), FD.indirectChecks(), LAN.gossip().interval().toMillis(),
                LAN.gossip().fanout(), LAN.gossip().retransmitMultiplier(), FD.suspicionMultiplier(), FD.suspicionMaxTimeoutMultiplier(),
                LAN.antiEntropy().pushPullInterval().toSeconds(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        for (int n : sizes) {
            run(n);
        }
        harness(Integer.getInteger("harnessNodes", 10_000));
    }

    private static ToIntFunction<WireMessage> sizer(int n) {
        String choice = System.getProperty("sizer", n <= 1_000 ? "json" : "estimate");
        if (!choice.equals("json")) {
            return SizeEstimate::estimate;
        }
        for (CodecProvider provider : ServiceLoader.load(CodecProvider.class)) {
            if (provider.name().equals("json")) {
                Codec codec = provider.create(DecodeLimits.defaults());
                return m -> codec.encode(m).length;
            }
        }
        throw new IllegalStateException("no 'json' codec provider on the class path");
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Time at which {@code share} of the observed values had happened (values sorted, -1 when too few). */
    private static long percentile(long[] sortedTimes, int total, double share) {
        int needed = (int) Math.ceil(share * total);
        return needed <= sortedTimes.length && needed > 0 ? sortedTimes[needed - 1] : -1;
    }

    private static void run(int n) {
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);
        double round = LAN.gossip().interval().toMillis();
        String sizerName = System.getProperty("sizer", n <= 1_000 ? "json" : "estimate");
        boolean preformed = Boolean.parseBoolean(System.getProperty("preformed", String.valueOf(n > 1_000)));
        System.out.printf(Locale.ROOT, "%n=== N = %,d (sizer: %s; %s) ===%n", n, sizerName, preformed
                ? "PRE-FORMED cluster via ProtocolCore.restoreMembers: steady state only, joining not measured"
                : "formed by joining through node 0, 2 ms apart");
        long heapBefore = usedHeapAfterGc();
        long wallStart = System.nanoTime();
        Simulation sim = Simulation.builder().seed(n).config(LAN).sizer(sizer(n)).expectedNodes(n).build();
        List<SimNode> nodes = preformed ? sim.startFormedCluster(n) : join(sim, n, wallStart, heapBefore);
        if (nodes == null) {
            return;
        }
        if (preformed) {
            long heapFormed = usedHeapAfterGc();
            System.out.printf(Locale.ROOT, "pre-formed %,d nodes in %.0f s wall: %.1f KB heap per simulated node = %.0f bytes per (node, member) pair%n",
                    n, (System.nanoTime() - wallStart) / 1e9, (heapFormed - heapBefore) / 1024.0 / n, (heapFormed - heapBefore) / (double) n / n);
            // A few periods so every core has probed, gossiped and drained its start-up state.
            sim.runFor(Long.getLong("settleSeconds", 10) * 1000);
        } else {
            boolean quiet = sim.runUntil(() -> sim.everyLiveNodeSees(x -> x.core().pendingBroadcasts() == 0), 600_000);
            System.out.printf(Locale.ROOT, "join storm drained: %s at %.1f s%n", quiet, sim.elapsedMillis() / 1000.0);
        }
        long heapQuiet = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "memory once idle (+%.0f s): %.1f KB heap per simulated node = %.0f bytes per (node, member) pair (%,d MB in all) [%.0f s wall]%n",
                sim.elapsedMillis() / 1000.0, (heapQuiet - heapBefore) / 1024.0 / n, (heapQuiet - heapBefore) / (double) n / n,
                (heapQuiet - heapBefore) >> 20, (System.nanoTime() - wallStart) / 1e9);
        if (Boolean.getBoolean("memoryOnly")) {
            return;
        }

        // Idle traffic over two (scaled) push-pull intervals, so syncs are included.
        double scale = n <= 32 ? 1 : Math.ceil(Math.log(n) / Math.log(2) - 5) + 1;
        long window = Long.getLong("idleSeconds", (long) (2 * scale * LAN.antiEntropy().pushPullInterval().toSeconds())) * 1000;
        TrafficStats before = sim.traffic().snapshot();
        long idleWall = System.nanoTime();
        sim.runFor(window);
        TrafficStats idle = sim.traffic().since(before);
        long packetBytes = 0;
        for (SimNode node : nodes) {
            packetBytes += idle.sentPacketBytes(node.index());
        }
        double seconds = window / 1000.0;
        double perNode = idle.totalSentBytes() / seconds / n;
        double packetPerNode = packetBytes / seconds / n;
        double syncPerNode = perNode - packetPerNode;
        double probeBytes = (idle.totalSentBytes(MessageType.PING) + idle.totalSentBytes(MessageType.ACK))
                / (double) Math.max(1, idle.totalSentMessages(MessageType.PING));
        double theoryPackets = probeBytes / (LAN.failureDetection().probeInterval().toMillis() / 1000.0);
        double syncBytesEach = (idle.totalSentBytes(MessageType.SYNC_REQUEST) + idle.totalSentBytes(MessageType.SYNC_RESPONSE))
                / (double) Math.max(1, idle.totalSentMessages(MessageType.SYNC_REQUEST));
        double theorySync = syncBytesEach / (scale * LAN.antiEntropy().pushPullInterval().toSeconds());
        System.out.printf(Locale.ROOT, "idle bytes/node/s: %.0f total = %.0f packets (theory: one ping+ack per period = %.0f, ratio %.2f)"
                        + " + %.0f push-pull (theory: one exchange per %.0f s = %.0f, ratio %.2f) [%.0f s virtual, %.0f s wall]%n",
                perNode, packetPerNode, theoryPackets, packetPerNode / theoryPackets, syncPerNode,
                scale * LAN.antiEntropy().pushPullInterval().toSeconds(), theorySync, syncPerNode / Math.max(1e-9, theorySync), seconds,
                (System.nanoTime() - idleWall) / 1e9);

        // A metadata write: when does each node first hold it?
        long[] writeTimes = new long[n];
        Arrays.fill(writeTimes, Long.MAX_VALUE);
        SimEventListener writes = (time, observer, event) -> {
            if (event instanceof ClusterEvent.MetadataChanged m && m.key().equals("bench") && observer.index() < n
                    && writeTimes[observer.index()] == Long.MAX_VALUE) {
                writeTimes[observer.index()] = time;
            }
        };
        sim.addListener(writes);
        long writtenAt = sim.now();
        nodes.get(n / 3).publish("bench", new byte[] {1, 2, 3});
        sim.runUntil(() -> sim.everyLiveNodeSees(x -> x.read("bench").isPresent()), 120_000);
        sim.removeListener(writes);
        reportSpread("metadata write", writeTimes, writtenAt, n, round, bounds);

        // A crash: when does each live node declare it failed? The whole host goes, so no connect is
        // refused and the suspicion decides, which is what the theory beside it describes.
        SimNode victim = nodes.get(2 * n / 3);
        long[] failTimes = new long[n];
        Arrays.fill(failTimes, Long.MAX_VALUE);
        SimEventListener fails = (time, observer, event) -> {
            if (event instanceof ClusterEvent.MemberFailed f && f.member().id().equals(victim.id()) && observer.index() < n
                    && failTimes[observer.index()] == Long.MAX_VALUE) {
                failTimes[observer.index()] = time;
            }
        };
        sim.addListener(fails);
        EventRecorder falseFailures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed f && !f.member().id().equals(victim.id()));
        long crashedAt = sim.now();
        sim.crashHost(victim);
        boolean detected = sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD) == sim.views().liveObservers(),
                2 * bounds.detectionWorstMillis());
        sim.removeListener(fails);
        failTimes[victim.index()] = Long.MAX_VALUE;
        long[] sorted = Arrays.stream(failTimes).filter(t -> t != Long.MAX_VALUE).sorted().toArray();
        long first = sorted.length > 0 ? sorted[0] : crashedAt;
        System.out.printf(Locale.ROOT, "crash: %s; first failure declared %.1f s after the crash%n", detected ? "detected by all" : "NOT detected by all",
                (first - crashedAt) / 1000.0);
        reportSpread("failure rumor", failTimes, first, n - 1, round, bounds);
        long all = sim.now() - crashedAt;
        System.out.printf(Locale.ROOT, "crash -> dead at all: %.1f s = %.1f periods (typical %.1f s, ratio %.2f; bound %.1f s, ratio %.2f; worst %.1f s)%n",
                all / 1000.0, all / (double) bounds.probeMillis(), bounds.detectionTypicalMillis() / 1000.0,
                all / (double) bounds.detectionTypicalMillis(), bounds.detectionMillis() / 1000.0, all / (double) bounds.detectionMillis(),
                bounds.detectionWorstMillis() / 1000.0);

        // False failures under 10% packet loss.
        long fpSeconds = Long.getLong("fpSeconds", n <= 100 ? 3_600 : n <= 1_000 ? 600 : 60);
        sim.network().lossRate(0.10);
        falseFailures.clear();
        long fpWall = System.nanoTime();
        sim.runFor(fpSeconds * 1000);
        double nodeHours = (n - 1) * fpSeconds / 3600.0;
        System.out.printf(Locale.ROOT, "10%% loss for %d s: %d false failure declarations = %.4f per node-hour (theory: 0; Serf saw none in 60 clusters) [%.0f s wall]%n",
                fpSeconds, falseFailures.events().size(), falseFailures.events().size() / nodeHours, (System.nanoTime() - fpWall) / 1e9);
        long heapLoss = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "memory at the end of the loss run (suspicions and rumor queues in flight): %.1f KB heap per simulated node"
                + " = %.0f bytes per (node, member) pair (%,d MB in all)%n", (heapLoss - heapBefore) / 1024.0 / n,
                (heapLoss - heapBefore) / (double) n / n, (heapLoss - heapBefore) >> 20);
        for (SimEvent e : falseFailures.events().subList(0, Math.min(5, falseFailures.events().size()))) {
            System.out.printf(Locale.ROOT, "  false failure: %s declared %s failed at +%.1f s (incarnation %d)%n", e.observer().id(), e.memberId(),
                    (e.timeMillis() - sim.startMillis()) / 1000.0, ((ClusterEvent.MemberFailed) e.event()).member().incarnation());
        }
        System.out.printf(Locale.ROOT, "total wall time for N = %,d: %.0f s%n", n, (System.nanoTime() - wallStart) / 1e9);
    }

    /** Forms the cluster by joining (the O(N^2) join storm); null when it did not form in time. */
    private static List<SimNode> join(Simulation sim, int n, long wallStart, long heapBefore) {
        List<SimNode> nodes = sim.startCluster(n, 2);
        long formLimit = Long.getLong("formSeconds", SimClusters.joinBoundMillis(LAN, n) / 1000) * 1000;
        boolean formed = false;
        long formDeadline = sim.now() + formLimit;
        while (!formed && sim.now() < formDeadline) {
            formed = sim.runUntil(sim.views()::convergedAlive, Math.min(10_000, formDeadline - sim.now()));
            if (n >= 5_000 && !formed) {
                long complete = nodes.stream().filter(x -> sim.views().activeCount(x) == n).count();
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "  forming: %.0f s virtual, %.0f s wall, %,d of %,d nodes see all, heap %,d MB%n",
                        sim.elapsedMillis() / 1000.0, (System.nanoTime() - wallStart) / 1e9, complete, n,
                        (rt.totalMemory() - rt.freeMemory()) >> 20);
            }
        }
        System.out.printf(Locale.ROOT, "join: all see all %s after %.1f s virtual (%.0f s wall)%n", formed ? "" : "NOT",
                sim.elapsedMillis() / 1000.0, (System.nanoTime() - wallStart) / 1e9);
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "memory right after joining (rumor queues full): %.1f KB heap per simulated node (%,d MB for %,d nodes, after GC)%n",
                (heapAfter - heapBefore) / 1024.0 / n, (heapAfter - heapBefore) >> 20, n);
        if (!formed) {
            System.out.println("(cluster not formed within the limit: later figures skipped)");
            return null;
        }
        return nodes;
    }

    /**
     * The simulator's own cost at a size the real core cannot reach here: {@link LoadProtocol} on every node
     * (one ping per period, constant memory), so heap and wall time are the harness's (agenda, network,
     * views, counters) plus a few objects per node.
     */
    private static void harness(int n) {
        if (n <= 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%n=== harness only, N = %,d (LoadProtocol: one ping per period, no member table) ===%n", n);
        long heapBefore = usedHeapAfterGc();
        long wallStart = System.nanoTime();
        Simulation sim = Simulation.builder().seed(n).config(LAN).expectedNodes(n)
                .protocolFactory((config, self, budget, random) ->
                        new LoadProtocol(self, random, n, config.failureDetection().probeInterval().toMillis()))
                .build();
        sim.addNodes(n);
        long heapAfter = usedHeapAfterGc();
        sim.runFor(60_000);
        double wall = (System.nanoTime() - wallStart) / 1e9;
        long messages = sim.traffic().totalSentMessages();
        System.out.printf(Locale.ROOT, "harness heap: %.1f KB per node (incl. the membership-view matrix row and counters);"
                + " 60 s virtual, %,d messages in %.1f s wall = %,.0f messages/s%n",
                (heapAfter - heapBefore) / 1024.0 / n, messages, wall, messages / wall);
    }

    private static void reportSpread(String what, long[] times, long from, int total, double round, ProtocolBounds bounds) {
        long[] sorted = Arrays.stream(times).filter(t -> t != Long.MAX_VALUE).map(t -> t - from).sorted().toArray();
        long p99 = percentile(sorted, total, 0.99);
        long p100 = percentile(sorted, total, 1.0);
        System.out.printf(Locale.ROOT, "%s: 99%% after %.1f rounds (theory log_%d(N) = %.1f, ratio %.2f), 100%% after %.1f rounds"
                        + " (theory log_%d(N) + ln(N)/%d = %.1f, ratio %.2f) [%.2f s / %.2f s]%n",
                what, p99 / round, LAN.gossip().fanout() + 1, bounds.spreadRounds(), p99 / round / bounds.spreadRounds(),
                p100 / round, LAN.gossip().fanout() + 1, LAN.gossip().fanout(), bounds.fullSpreadRounds(),
                p100 / round / bounds.fullSpreadRounds(), p99 / 1000.0, p100 / 1000.0);
    }
}

package io.pekonode.testkit.sim;

import io.pekonode.api.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ProtocolExperiments spread N SEED...}: how fast one new rumor reaches every node of a quiet,
 * pre-formed cluster of N with {@code lan()} and 2–4 ms one-way latency, and what it costs per node.
 * Per seed it follows one metadata write and one user event (from node N/3, then node 2N/3) with
 * {@link RumorSpread}, then prints the median and worst over the seeds, in milliseconds and in gossip
 * rounds, beside what epidemic theory expects (in rounds without eager push, in hops of one latency
 * with it).
 * {@code -Dproto.eagerPush=false} turns eager push off, for the figures without it.
 */
final class SpreadExperiment {
    static final long BASE_LATENCY_MILLIS = 2;
    static final long JITTER_MILLIS = 2;

    private SpreadExperiment() {
    }

    static ClusterConfig config() {
        boolean eager = Boolean.parseBoolean(System.getProperty("proto.eagerPush", "true"));
        return ClusterConfig.lan().gossip(g -> g.eagerPush(eager)).build();
    }

    static void run(int n, long[] seeds) {
        ClusterConfig config = config();
        long interval = config.gossip().interval().toMillis();
        int fanout = config.gossip().fanout();
        System.out.printf(Locale.ROOT, "spread N=%,d, lan() (gossip %d ms x %d), latency %d+0..%d ms, eager push %s%n", n, interval,
                fanout, BASE_LATENCY_MILLIS, JITTER_MILLIS, eagerLabel(config));
        List<RumorSpread.Result> results = new ArrayList<>();
        for (long seed : seeds) {
            long wall = System.nanoTime();
            Simulation sim = RumorSpread.quietCluster(seed, config, n, BASE_LATENCY_MILLIS, JITTER_MILLIS);
            RumorSpread.Result write = RumorSpread.metadataWrite(sim, sim.node(n / 3), "spread");
            RumorSpread.Result event = RumorSpread.userEvent(sim, sim.node(2 * n / 3), "spread");
            System.out.printf(Locale.ROOT, "  seed %d: write all %s (99%% %d ms), %.1f sends, %.0f B per node; event all %s (99%% %d ms),"
                            + " %.1f sends, %.0f B per node [%.0f s wall]%n", seed, ms(write.allMillis()), write.p99Millis(),
                    write.transmissions(), write.bytes(), ms(event.allMillis()), event.p99Millis(), event.transmissions(), event.bytes(),
                    (System.nanoTime() - wall) / 1e9);
            results.add(write);
            results.add(event);
        }
        long[] all = results.stream().mapToLong(r -> r.reachedAll() ? r.allMillis() : Long.MAX_VALUE).sorted().toArray();
        long[] p99 = results.stream().mapToLong(RumorSpread.Result::p99Millis).sorted().toArray();
        double[] bytes = results.stream().mapToDouble(RumorSpread.Result::bytes).sorted().toArray();
        double[] sends = results.stream().mapToDouble(RumorSpread.Result::transmissions).sorted().toArray();
        System.out.printf(Locale.ROOT, "spread N=%,d eager %s over %d rumors (%d seeds): 100%% median %s = %.2f rounds, worst %s;"
                        + " 99%% median %d ms, worst %d ms; %s; per node and rumor: %.1f sends (worst %.1f),"
                        + " %.0f B (worst %.0f B)%n", n, eagerLabel(config), all.length, seeds.length, ms(median(all)),
                median(all) / (double) interval, ms(all[all.length - 1]), median(p99), p99[p99.length - 1], theory(config, n),
                median(sends), sends[sends.length - 1], median(bytes), bytes[bytes.length - 1]);
    }

    /**
     * What epidemic theory expects: with rounds, log_{f+1}(N) + ln(N)/f rounds to the last node; with
     * eager push every holder pushes to k = limit - f members at once, so log_{k+1}(N) + ln(N)/k hops,
     * each one latency (2-4 ms here).
     */
    private static String theory(ClusterConfig config, int n) {
        int f = config.gossip().fanout();
        double rounds = Math.log(n) / Math.log(f + 1) + Math.log(n) / f;
        if (!config.gossip().eagerPush()) {
            return String.format(Locale.ROOT, "theory log_%d(N) + ln(N)/%d = %.1f rounds = %.0f ms", f + 1, f, rounds,
                    rounds * config.gossip().interval().toMillis());
        }
        int k = config.gossip().retransmitMultiplier() * Math.max(3, String.valueOf(n).length()) - f;
        double hops = Math.log(n) / Math.log(k + 1) + Math.log(n) / k;
        return String.format(Locale.ROOT, "theory k = %d, log_%d(N) + ln(N)/%d = %.1f hops = %.0f-%.0f ms", k, k + 1, k, hops,
                hops * BASE_LATENCY_MILLIS, hops * (BASE_LATENCY_MILLIS + JITTER_MILLIS));
    }

    private static String eagerLabel(ClusterConfig config) {
        return config.gossip().eagerPush() ? "on" : "off (periodic rounds only)";
    }

    private static String ms(long millis) {
        return millis == Long.MAX_VALUE || millis < 0 ? "NEVER" : millis + " ms";
    }

    private static long median(long[] sorted) {
        return sorted[(sorted.length - 1) / 2];
    }

    private static double median(double[] sorted) {
        return sorted[(sorted.length - 1) / 2];
    }

}

package io.pekonode.testkit.sim;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import java.util.List;
import java.util.Locale;

/**
 * Protocol scenarios at N = 100, one per command, for before/after comparisons of protocol changes
 * (not a test; see BENCHMARKS.md for the commands and current figures). Every figure is virtual time.
 *
 * <pre>
 * ProtocolExperiments partition SEED...      60/40 cut at N=100: pairs dead per side at 30 s, time until both complete
 * ProtocolExperiments crash SEED...          N=100 joined: a killed process -> dead at every live node
 *                                            ({@code -Dproto.hostGone=true}: its whole host goes, nothing refuses)
 * ProtocolExperiments join SEED...           N=100 joining through node 0, 2 ms apart: all see all
 * ProtocolExperiments loss SEED PERIODS      N=100, 10 % loss: false failures
 * ProtocolExperiments formedLoss N SECONDS LOSS SEED   pre-formed N under loss: false failures, queue backlog
 * ProtocolExperiments lossJoin LOSS SEED...  N=100 joining under loss: all see all, then a write reaches all
 * ProtocolExperiments spread N SEED...       pre-formed N, 2-4 ms latency: a write and an event, time to all, bytes per node
 * </pre>
 * The loss scenarios fail reliable messages at the packet loss rate; {@code -Dproto.reliableFailureRate=0}
 * gives them a lossless reliable path instead (the simulator before reliable-path failures existed).
 * {@code -Dproto.eagerPush=false} runs any scenario with eager push off.
 */
public final class ProtocolExperiments {
    /** {@code lan()}; {@code -Dproto.eagerPush=false} turns eager push off for every scenario. */
    private static final ClusterConfig LAN = SpreadExperiment.config();

    private ProtocolExperiments() {
    }

    public static void main(String[] args) {
        String what = args[0];
        switch (what) {
            case "partition" -> seeds(args, ProtocolExperiments::partition);
            case "crash" -> seeds(args, ProtocolExperiments::crash);
            case "join" -> seeds(args, ProtocolExperiments::join);
            case "loss" -> loss(Long.parseLong(args[1]), Long.parseLong(args[2]));
            case "formedLoss" -> formedLoss(Integer.parseInt(args[1]), Long.parseLong(args[2]), Double.parseDouble(args[3]),
                    Long.parseLong(args[4]));
            case "lossJoin" -> {
                double loss = Double.parseDouble(args[1]);
                String[] seedArgs = new String[args.length - 1];
                seedArgs[0] = "lossJoin";
                System.arraycopy(args, 2, seedArgs, 1, args.length - 2);
                seeds(seedArgs, seed -> lossJoin(loss, seed));
            }
            case "spread" -> SpreadExperiment.run(Integer.parseInt(args[1]), seedList(args, 2));
            default -> throw new IllegalArgumentException(what);
        }
    }

    private static long[] seedList(String[] args, int from) {
        return java.util.Arrays.stream(args, from, args.length).mapToLong(Long::parseLong).toArray();
    }

    private interface Scenario {
        double run(long seed);
    }

    private static void seeds(String[] args, Scenario scenario) {
        double sum = 0;
        double max = 0;
        int count = 0;
        for (int i = 1; i < args.length; i++) {
            double v = scenario.run(Long.parseLong(args[i]));
            sum += v;
            max = Math.max(max, v);
            count++;
        }
        System.out.printf(Locale.ROOT, "%s: mean %.2f s, max %.2f s over %d seeds%n", args[0], sum / count, max, count);
    }

    static double partition(long seed) {
        Simulation sim = SimClusters.sim(seed, LAN, 100);
        List<SimNode> nodes = SimClusters.form(sim, 100);
        sim.runFor(100 * LAN.failureDetection().probeInterval().toMillis());
        List<SimNode> sixty = nodes.subList(0, 60);
        List<SimNode> forty = nodes.subList(60, 100);
        long cut = sim.now();
        java.util.Map<String, Long> firstSuspect = new java.util.HashMap<>();
        java.util.Map<String, Long> lastDead = new java.util.HashMap<>();
        java.util.Map<String, Integer> deadCount = new java.util.HashMap<>();
        java.util.Map<String, String> lastObserver = new java.util.HashMap<>();
        java.util.Map<String, java.util.List<Long>> deadTimes = new java.util.HashMap<>();
        java.util.Set<String> far = new java.util.HashSet<>();
        sixty.forEach(x -> far.add(x.id()));
        sim.addListener((time, observer, event) -> {
            if (observer.index() < 60) {
                return;
            }
            if (event instanceof ClusterEvent.MemberSuspected e && far.contains(e.member().id())) {
                firstSuspect.putIfAbsent(e.member().id(), time - cut);
            } else if (event instanceof ClusterEvent.MemberFailed e && far.contains(e.member().id())) {
                lastDead.put(e.member().id(), time - cut);
                deadCount.merge(e.member().id(), 1, Integer::sum);
                deadTimes.computeIfAbsent(e.member().id(), k -> new java.util.ArrayList<>()).add((time - cut) / 100);
                lastObserver.put(e.member().id(), observer.id());
            }
        });
        sim.network().partition(sixty, forty);
        long[] sideDone = {-1, -1};
        sim.runUntil(() -> {
            if (sideDone[0] < 0 && SimClusters.allSee(sim, sixty, forty, MemberState.DEAD)) {
                sideDone[0] = sim.now() - cut;
            }
            if (sideDone[1] < 0 && SimClusters.allSee(sim, forty, sixty, MemberState.DEAD)) {
                sideDone[1] = sim.now() - cut;
            }
            return sideDone[0] >= 0 && sideDone[1] >= 0 || sim.now() - cut >= 30_000;
        }, 30_000);
        int s = count(sim, sixty, forty);
        int f = count(sim, forty, sixty);
        sim.runUntil(() -> {
            if (sideDone[1] < 0 && SimClusters.allSee(sim, forty, sixty, MemberState.DEAD)) {
                sideDone[1] = sim.now() - cut;
            }
            if (sideDone[0] < 0 && SimClusters.allSee(sim, sixty, forty, MemberState.DEAD)) {
                sideDone[0] = sim.now() - cut;
            }
            return sideDone[0] >= 0 && sideDone[1] >= 0;
        }, 120_000);
        double all = (sim.now() - cut) / 1000.0;
        if (sim.now() - cut < 30_000) {
            sim.runFor(30_000 - (sim.now() - cut)); // the partition lasts 30 s, as in the test
        }
        long healAt = sim.now();
        long[] firstReturn = {-1};
        sim.addListener((time, observer, event) -> {
            if (firstReturn[0] < 0 && time >= healAt && event instanceof ClusterEvent.MemberJoined) {
                firstReturn[0] = time - healAt;
            }
        });
        sim.network().heal();
        if (Boolean.getBoolean("proto.healDetail")) {
            for (int i = 0; i < 12; i++) {
                sim.runFor(4_000);
                java.util.Map<String, Integer> states = new java.util.TreeMap<>();
                for (SimNode o : nodes) {
                    for (SimNode t : nodes) {
                        MemberState st = sim.views().state(o, t.id());
                        if (o != t && st != MemberState.ALIVE) {
                            states.merge((o.index() < 60 ? "sixty" : "forty") + " sees " + (t.index() < 60 ? "sixty " : "forty ") + st, 1, Integer::sum);
                        }
                    }
                }
                if (i == 2) {
                    for (SimNode o : nodes) {
                        for (SimNode t : nodes) {
                            MemberState st = sim.views().state(o, t.id());
                            if (o != t && st != MemberState.ALIVE) {
                                System.out.println("    " + o.id() + " sees " + o.member(t.id()).orElse(null) + "; self " + t.localMember()
                                        + "; " + t.id() + " sees " + o.id() + " as " + t.member(o.id()).map(m -> m.state() + "@" + m.incarnation()).orElse("?"));
                            }
                        }
                    }
                }
                long queued = nodes.stream().mapToLong(x -> x.core().pendingBroadcasts()).sum();
                System.out.printf(Locale.ROOT, "  heal +%.0f s: %s, queued %d%n", (sim.now() - healAt) / 1000.0, states, queued);
            }
        }
        boolean healed = sim.runUntil(sim.views()::convergedAlive, 300_000);
        System.out.printf(Locale.ROOT, "  healed %s in %.1f s (first member back after %.1f s)%n", healed ? "" : "NOT",
                (sim.now() - healAt) / 1000.0, firstReturn[0] / 1000.0);
        if (Boolean.getBoolean("proto.detail")) {
            lastDead.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                    .forEach(e -> System.out.println(String.format(Locale.ROOT, "  forty side: %s first suspected %.1f s, dead at all forty %.1f s",
                            e.getKey(), firstSuspect.getOrDefault(e.getKey(), -1000L) / 1000.0, e.getValue() / 1000.0) + " last " + lastObserver.get(e.getKey()) + " " + deadTimes.get(e.getKey())));
        }
        System.out.printf(Locale.ROOT, "partition seed %d: at min(30 s, done) sixty side %d/2400, forty side %d/2400; sixty side complete at %.1f s,"
                + " forty side at %.1f s%n", seed, s, f, sideDone[0] / 1000.0, sideDone[1] / 1000.0);
        return all;
    }

    private static int count(Simulation sim, List<SimNode> observers, List<SimNode> targets) {
        int c = 0;
        for (SimNode o : observers) {
            for (SimNode t : targets) {
                c += sim.views().state(o, t.id()) == MemberState.DEAD ? 1 : 0;
            }
        }
        return c;
    }

    static double crash(long seed) {
        Simulation sim = SimClusters.sim(seed, LAN, 100);
        List<SimNode> nodes = SimClusters.form(sim, 100);
        SimClusters.quiesce(sim, 120_000);
        sim.runFor(10_000);
        SimNode victim = nodes.get(66);
        long first[] = {Long.MAX_VALUE};
        EventRecorder fails = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        long crashed = sim.now();
        if (Boolean.getBoolean("proto.hostGone")) {
            sim.crashHost(victim);
        } else {
            sim.crash(victim);
        }
        boolean all = sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD) == sim.views().liveObservers(),
                120_000);
        for (SimEvent e : fails.events()) {
            first[0] = Math.min(first[0], e.timeMillis());
        }
        long wrong = fails.events().stream().filter(e -> !e.memberId().equals(victim.id())).count();
        double t = (sim.now() - crashed) / 1000.0;
        System.out.printf(Locale.ROOT, "crash seed %d: %s at %.1f s (first declaration %.1f s), other failures %d%n", seed,
                all ? "all" : "NOT all", t, (first[0] - crashed) / 1000.0, wrong);
        return t;
    }

    static double join(long seed) {
        Simulation sim = SimClusters.sim(seed, LAN, 100);
        List<SimNode> nodes = sim.startCluster(100, 2);
        long start = sim.now();
        if (Boolean.getBoolean("proto.detail")) {
            for (int step = 0; step < 12; step++) {
                sim.runFor(500);
                int[][] missing = new int[10][10];
                int total = 0;
                for (SimNode o : nodes) {
                    for (SimNode t : nodes) {
                        if (o != t && sim.views().state(o, t.id()) != MemberState.ALIVE) {
                            missing[o.index() / 10][t.index() / 10]++;
                            total++;
                        }
                    }
                }
                long queued = nodes.stream().mapToLong(x -> x.core().pendingBroadcasts()).sum();
                System.out.printf(Locale.ROOT, "  +%.1f s: %d missing pairs, %d queued rumors; by observer decile x member decile: %s%n",
                        (sim.now() - start) / 1000.0, total, queued, java.util.Arrays.deepToString(missing));
            }
        }
        boolean ok = sim.runUntil(sim.views()::convergedAlive, 300_000);
        double t = (sim.now() - start) / 1000.0;
        System.out.printf(Locale.ROOT, "join seed %d: all see all %s at %.2f s (from the first join; last join at %.2f s)%n",
                seed, ok ? "" : "NOT", t, 99 * 2 / 1000.0);
        return t;
    }

    static double lossJoin(double loss, long seed) {
        Simulation sim = Simulation.builder().seed(seed).config(LAN).lossRate(loss).reliableFailureRate(reliableFailureRate())
                .expectedNodes(100).build();
        List<SimNode> nodes = sim.startCluster(100, SimClusters.JOIN_STAGGER_MILLIS);
        boolean converged = sim.runUntil(sim.views()::converged, 300_000);
        long join = sim.elapsedMillis();
        byte[] value = {42};
        long writtenAt = sim.now();
        nodes.get(42).publish("k", value);
        boolean reached = sim.runUntil(() -> sim.everyLiveNodeSees(n -> n.read("k").map(v -> java.util.Arrays.equals(v, value))
                .orElse(false)), 120_000);
        System.out.printf(Locale.ROOT, "lossJoin %.0f%% seed %d: converged %s at %.2f s, write reached all %s in %.2f s, reliable failures %d%n",
                loss * 100, seed, converged ? "" : "NOT", join / 1000.0, reached ? "" : "NOT", (sim.now() - writtenAt) / 1000.0,
                sim.traffic().dropped(SimulatedDrop.RELIABLE_FAILURE));
        return join / 1000.0;
    }

    static void loss(long seed, long periods) {
        Simulation sim = SimClusters.sim(seed, LAN, 100);
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        SimClusters.form(sim, 100);
        sim.network().lossRate(0.10).reliableFailureRate(reliableFailureRate());
        long wall = System.nanoTime();
        sim.runFor(periods * LAN.failureDetection().probeInterval().toMillis());
        long falseFailures = failures.events().size();
        System.out.printf(Locale.ROOT, "loss seed %d, %d periods: %d false failures, suspicions %d, refutations %d [%.0f s wall]%n",
                seed, periods, falseFailures, sum(sim, true), sum(sim, false), (System.nanoTime() - wall) / 1e9);
    }

    private static double reliableFailureRate() {
        String rate = System.getProperty("proto.reliableFailureRate");
        return rate == null ? SimNetwork.FOLLOW_PACKET_LOSS : Double.parseDouble(rate);
    }

    private static long sum(Simulation sim, boolean suspicions) {
        long total = 0;
        for (SimNode n : sim.nodes()) {
            total += suspicions ? n.core().stats().suspicionsRaised() : n.core().stats().refutations();
        }
        return total;
    }

    static void formedLoss(int n, long seconds, double lossRate, long seed) {
        Simulation sim = Simulation.builder().seed(seed).config(LAN).sizer(SizeEstimate::estimate).expectedNodes(n).build();
        EventRecorder failures = sim.recordEvents(e -> e instanceof ClusterEvent.MemberFailed);
        sim.startFormedCluster(n);
        sim.runFor(10_000);
        sim.network().lossRate(lossRate).reliableFailureRate(reliableFailureRate());
        long wall = System.nanoTime();
        for (long s = 0; s < seconds; s += 5) {
            sim.runFor(5_000);
            long queued = 0;
            long maxQueued = 0;
            for (SimNode node : sim.nodes()) {
                queued += node.core().pendingBroadcasts();
                maxQueued = Math.max(maxQueued, node.core().pendingBroadcasts());
            }
            System.out.printf(Locale.ROOT, "  +%d s: failures %d, mean queue %.1f, max %d, suspicions %d, refutations %d [%.0f s wall]%n",
                    s + 5, failures.events().size(), queued / (double) n, maxQueued, sum(sim, true), sum(sim, false),
                    (System.nanoTime() - wall) / 1e9);
        }
        System.out.printf(Locale.ROOT, "formedLoss N=%d %.0f%% loss %d s seed %d: %d false failures%n", n, lossRate * 100, seconds,
                seed, failures.events().size());
    }
}

package io.pekonode.testkit.sim;

import io.pekonode.testkit.sim.ChaosFault.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A seeded random schedule of overlapping faults for a cluster of {@code n} node slots, the nemesis of
 * the chaos soak. The same plan and seed give the same schedule, fault for fault.
 *
 * <p>The rules: each fault ends within {@link Plan#maxFaultMillis} (its heal bound); at no moment are more
 * than a third of the nodes down (crashed, paused or gone after a leave); a node is in at most one fault
 * of its own at a time; at most one network-wide fault (partition, isolation, bridge, global loss) is
 * active at a time. The faults only a simulator can afford at scale frame the mixed part, one at a time
 * and {@link Plan#settleMillis} apart: first a third of the nodes lost at once and a rolling restart of
 * many nodes (every node in the long runs), then the mixed part, then long global loss. The node-level
 * ones come first because a partition or global loss touches every node for a grace period after it
 * heals, and the no-false-death check can only watch nodes no fault touches.
 */
record ChaosSchedule(Plan plan, long seed, List<ChaosFault> faults) {

    /**
     * What to draw.
     *
     * @param n                 node slots
     * @param mixedMillis       length of the part with overlapping random faults
     * @param meanGapMillis     mean time between two fault starts there (exponential)
     * @param minFaultMillis    shortest fault
     * @param maxFaultMillis    longest fault: every fault is healed within this
     * @param settleMillis      quiet time before each of the large faults and before the final check
     * @param zoneOutageMillis  how long a third of the nodes stay down at once; 0 for none
     * @param rollingCount      nodes in the large rolling restart (N for every node); 0 for none
     * @param rollingGapMillis  time between two nodes of the large rolling restart
     * @param rollingDownMillis how long each node of a rolling restart is down
     * @param globalLossMillis  how long the whole network loses {@code globalLossRate} of packets; 0 for none
     */
    record Plan(int n, long mixedMillis, long meanGapMillis, long minFaultMillis, long maxFaultMillis, long settleMillis,
            long zoneOutageMillis, int rollingCount, long rollingGapMillis, long rollingDownMillis, long globalLossMillis, double globalLossRate) {

        int downBudget() {
            return n / 3;
        }
    }

    private static final Kind[] MIXED = {Kind.CRASH_RESTART, Kind.PAUSE, Kind.LEAVE_REJOIN, Kind.PARTITION_HALVES,
        Kind.ISOLATE, Kind.BRIDGE, Kind.LOSS, Kind.ROLLING_RESTART};

    static ChaosSchedule generate(Plan plan, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ChaosFault> faults = new ArrayList<>();
        // The node-level large faults come first, while no network-wide fault has touched every node:
        // the no-false-death check then watches the survivors of a lost third and of a rolling restart.
        long at = plan.settleMillis();
        List<Integer> all = slots(plan.n());
        if (plan.zoneOutageMillis() > 0) {
            List<Integer> zone = sample(random, all, plan.downBudget());
            faults.add(new ChaosFault(Kind.ZONE_OUTAGE, at, plan.zoneOutageMillis(), zone, 0, 0));
            at += plan.zoneOutageMillis() + plan.settleMillis();
        }
        if (plan.rollingCount() > 0) {
            List<Integer> order = sample(random, all, Math.min(plan.n(), plan.rollingCount()));
            ChaosFault rolling = new ChaosFault(Kind.ROLLING_RESTART, at, plan.rollingDownMillis(), order,
                    plan.rollingGapMillis(), 0);
            faults.add(rolling);
            at = rolling.endMillis() + plan.settleMillis();
        }
        long mixedStart = at;
        long t = mixedStart;
        while (true) {
            t += (long) (-Math.log(1 - random.nextDouble()) * plan.meanGapMillis());
            if (t >= mixedStart + plan.mixedMillis()) {
                break;
            }
            Kind kind = MIXED[random.nextInt(MIXED.length)];
            ChaosFault fault = draw(plan, random, kind, t, faults);
            if (fault != null && fits(plan, fault, faults)) {
                faults.add(fault);
            }
        }
        long end = faults.stream().mapToLong(ChaosFault::endMillis).max().orElse(0);
        at = Math.max(end, mixedStart + plan.mixedMillis()) + plan.settleMillis();
        if (plan.globalLossMillis() > 0) {
            faults.add(new ChaosFault(Kind.GLOBAL_LOSS, at, plan.globalLossMillis(), List.of(), 0, plan.globalLossRate()));
        }
        faults.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return new ChaosSchedule(plan, seed, List.copyOf(faults));
    }

    /** When the last fault is healed. */
    long lastHealMillis() {
        return faults.stream().mapToLong(ChaosFault::endMillis).max().orElse(0);
    }

    private static ChaosFault draw(Plan plan, SplittableRandom random, Kind kind, long t, List<ChaosFault> earlier) {
        long duration = plan.minFaultMillis() + random.nextLong(plan.maxFaultMillis() - plan.minFaultMillis() + 1);
        List<Integer> free = freeSlots(plan.n(), t, duration, earlier);
        return switch (kind) {
            case CRASH_RESTART, PAUSE, LEAVE_REJOIN, ISOLATE ->
                free.isEmpty() ? null : new ChaosFault(kind, t, duration, sample(random, free, 1), 0, 0);
            case PARTITION_HALVES -> new ChaosFault(kind, t, duration, sample(random, slots(plan.n()), plan.n() / 2), 0, 0);
            case BRIDGE -> {
                if (free.isEmpty()) {
                    yield null;
                }
                List<Integer> side = new ArrayList<>(sample(random, slots(plan.n()), plan.n() / 2));
                int bridge = free.get(random.nextInt(free.size()));
                side.remove(Integer.valueOf(bridge));
                side.add(bridge); // the bridge node is the last slot
                yield new ChaosFault(kind, t, duration, side, 0, 0);
            }
            case LOSS -> {
                int count = Math.min(free.size(), 1 + random.nextInt(Math.max(1, Math.min(3, plan.n() / 10))));
                double rate = 0.05 + 0.15 * random.nextDouble();
                yield count == 0 ? null : new ChaosFault(kind, t, duration, sample(random, free, count), 0, rate);
            }
            case ROLLING_RESTART -> {
                int count = Math.min(free.size(), 2 + random.nextInt(3));
                long down = Math.max(1_000, duration / 4);
                long gap = down + 2_000;
                yield count < 2 ? null : new ChaosFault(kind, t, down, sample(random, free, count), gap, 0);
            }
            default -> throw new IllegalArgumentException(kind + " is not drawn in the mixed part");
        };
    }

    /** The fault keeps every rule against the faults already drawn. */
    private static boolean fits(Plan plan, ChaosFault fault, List<ChaosFault> earlier) {
        if (fault.endMillis() - fault.startMillis() > plan.maxFaultMillis() + (fault.kind() == Kind.ROLLING_RESTART
                ? (fault.slots().size() - 1) * fault.gapMillis() : 0)) {
            return false;
        }
        int down = fault.downAtOnce();
        for (ChaosFault other : earlier) {
            if (!overlaps(other, fault.startMillis(), fault.endMillis())) {
                continue;
            }
            if (fault.kind().isNetworkWide() && other.kind().isNetworkWide()) {
                return false;
            }
            down += other.downAtOnce();
        }
        return down <= plan.downBudget();
    }

    /** Slots that no node-level fault uses during [t, t + duration + a margin for rolling restarts]. */
    private static List<Integer> freeSlots(int n, long t, long duration, List<ChaosFault> earlier) {
        boolean[] busy = new boolean[n];
        long until = t + duration + 30_000;
        for (ChaosFault other : earlier) {
            if (overlaps(other, t, until) && !usesWholeNetworkOnly(other)) {
                List<Integer> used = other.kind() == Kind.BRIDGE ? List.of(other.slots().get(other.slots().size() - 1)) : other.slots();
                for (int slot : used) {
                    busy[slot] = true;
                }
            }
        }
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!busy[i]) {
                free.add(i);
            }
        }
        return free;
    }

    private static boolean usesWholeNetworkOnly(ChaosFault fault) {
        return fault.kind() == Kind.PARTITION_HALVES || fault.kind() == Kind.GLOBAL_LOSS;
    }

    private static boolean overlaps(ChaosFault fault, long from, long to) {
        return fault.startMillis() < to && from < fault.endMillis();
    }

    private static List<Integer> slots(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** {@code count} distinct elements of {@code from}, in random order (a partial Fisher-Yates shuffle). */
    private static List<Integer> sample(SplittableRandom random, List<Integer> from, int count) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, count));
    }

    /** The schedule one fault a line, for the test output and for a replay. */
    String describe() {
        return "chaos schedule, seed " + seed + ", " + plan + ", " + faults.size() + " faults:\n"
                + faults.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}

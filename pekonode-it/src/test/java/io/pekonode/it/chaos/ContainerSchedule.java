package io.pekonode.it.chaos;

import io.pekonode.it.chaos.ContainerFault.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The container soak's nemesis: a seeded random schedule of overlapping faults. The same arguments give
 * the same schedule. Rules: never more than a third of the nodes down at once; each fault healed
 * within {@code maxFaultMillis}; a node in at most one fault at a time; network faults never overlap each
 * other nor a fault that takes a node down (iptables rules hold container addresses, a restarted container
 * may get a new one, and a paused container cannot have its rules changed).
 */
record ContainerSchedule(long seed, int size, long lengthMillis, List<ContainerFault> faults) {

    private static final Kind[] KINDS = Kind.values();

    static ContainerSchedule generate(long seed, int size, long lengthMillis, long meanGapMillis, long maxFaultMillis) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ContainerFault> faults = new ArrayList<>();
        long t = 5_000;
        while (true) {
            t += (long) (-Math.log(1 - random.nextDouble()) * meanGapMillis);
            long duration = 3_000 + random.nextLong(maxFaultMillis - 3_000 + 1);
            if (t + duration > lengthMillis) {
                break;
            }
            Kind kind = KINDS[random.nextInt(KINDS.length)];
            List<Integer> free = free(size, t, duration, faults);
            List<Integer> nodes = switch (kind) {
                case KILL_RESTART, PAUSE, LEAVE_REJOIN, ISOLATE -> free.isEmpty() ? null : sample(random, free, 1);
                case ROLLING_RESTART -> free.size() < 2 ? null : sample(random, free, 2 + random.nextInt(Math.min(2, free.size() - 1)));
                case LOSS -> free.isEmpty() ? null : sample(random, free, 1 + random.nextInt(Math.min(2, free.size())));
                case PARTITION_HALVES -> sample(random, all(size), size / 2);
                case BRIDGE -> {
                    List<Integer> side = new ArrayList<>(sample(random, all(size), size / 2));
                    int bridge = 1 + random.nextInt(size);
                    side.remove(Integer.valueOf(bridge));
                    side.add(bridge);
                    yield side;
                }
            };
            double loss = kind == Kind.LOSS ? 0.05 + 0.15 * random.nextDouble() : 0;
            if (nodes != null) {
                ContainerFault fault = new ContainerFault(kind, t, duration, nodes, loss);
                if (fits(size, fault, faults)) {
                    faults.add(fault);
                }
            }
        }
        return new ContainerSchedule(seed, size, lengthMillis, List.copyOf(faults));
    }

    private static boolean fits(int size, ContainerFault fault, List<ContainerFault> earlier) {
        int down = fault.downAtOnce();
        for (ContainerFault other : earlier) {
            if (other.startMillis() >= fault.endMillis() || fault.startMillis() >= other.endMillis()) {
                continue;
            }
            // iptables rules cannot be changed in a paused container and hold a replaced container's old address.
            if (fault.kind().isNetwork() && (other.kind().isNetwork() || other.kind().takesNodesDown())
                    || other.kind().isNetwork() && fault.kind().takesNodesDown()) {
                return false;
            }
            down += other.downAtOnce();
        }
        return down <= size / 3;
    }

    private static List<Integer> free(int size, long t, long duration, List<ContainerFault> earlier) {
        List<Integer> free = new ArrayList<>(all(size));
        for (ContainerFault other : earlier) {
            if (other.startMillis() < t + duration && t < other.endMillis()) {
                free.removeAll(other.nodes());
            }
        }
        return free;
    }

    private static List<Integer> all(int size) {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            all.add(i);
        }
        return all;
    }

    private static List<Integer> sample(SplittableRandom random, List<Integer> from, int count) {
        List<Integer> pool = new ArrayList<>(from);
        for (int i = 0; i < count; i++) {
            Collections.swap(pool, i, i + random.nextInt(pool.size() - i));
        }
        return List.copyOf(pool.subList(0, count));
    }

    String describe() {
        return "container chaos schedule, seed " + seed + ", " + size + " nodes, " + lengthMillis / 1000 + " s, "
                + faults.size() + " faults:\n" + faults.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    }
}

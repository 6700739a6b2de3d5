package io.pekonode.testkit.sim;

import java.util.List;

/**
 * One fault of a chaos schedule: what happens, to which node slots, from when and for how long (virtual
 * ms from the start of the schedule). Slots are positions 0..N-1 of the formed cluster; a restarted node
 * keeps its slot and its id.
 *
 * @param gapMillis  for a rolling restart, the time between two nodes' restarts; 0 otherwise
 * @param lossRate   for packet loss, the probability that a packet on an affected link is lost; 0 otherwise
 */
record ChaosFault(Kind kind, long startMillis, long durationMillis, List<Integer> slots, long gapMillis, double lossRate) {

    ChaosFault {
        slots = List.copyOf(slots);
    }

    /** What a fault does; "down" kinds count against the budget of a third of the nodes. */
    enum Kind {
        /** kill -9 and restart from the last save (same id, same address). */
        CRASH_RESTART(true),
        /** The process stalls (docker pause, a long GC) and resumes. */
        PAUSE(true),
        /** Graceful leave, process exit, start again from the save made at exit. */
        LEAVE_REJOIN(true),
        /** The given slots form one side, every other node the other. */
        PARTITION_HALVES(false),
        /** One node cut off from all others. */
        ISOLATE(false),
        /** Two sides, and one node (the last slot) that reaches both. */
        BRIDGE(false),
        /** Packet loss on every link of the given nodes. */
        LOSS(false),
        /** The given nodes restarted one at a time, {@code gapMillis} apart, each down for the duration. */
        ROLLING_RESTART(true),
        /** The given nodes (a third of the cluster, a lost availability zone) crash at once and come back together. */
        ZONE_OUTAGE(true),
        /** Packet loss on every link of the cluster. */
        GLOBAL_LOSS(false);

        private final boolean down;

        Kind(boolean down) {
            this.down = down;
        }

        boolean takesNodesDown() {
            return down;
        }

        /** Faults that reshape the whole network; at most one of them is active at a time. */
        boolean isNetworkWide() {
            return this == PARTITION_HALVES || this == ISOLATE || this == BRIDGE || this == GLOBAL_LOSS;
        }
    }

    long endMillis() {
        return kind == Kind.ROLLING_RESTART
                ? startMillis + (slots.size() - 1) * gapMillis + durationMillis
                : startMillis + durationMillis;
    }

    /** Nodes this fault holds down at once at its worst. */
    int downAtOnce() {
        if (!kind.takesNodesDown()) {
            return 0;
        }
        return kind == Kind.ROLLING_RESTART ? (int) Math.min(slots.size(), durationMillis / Math.max(1, gapMillis) + 1) : slots.size();
    }

    @Override
    public String toString() {
        String who = slots.size() <= 6 ? slots.toString() : slots.size() + " nodes " + slots.subList(0, 3) + "...";
        return String.format("+%8.1fs %-16s %8.1fs %s%s%s", startMillis / 1000.0, kind, durationMillis / 1000.0, who,
                gapMillis > 0 ? " gap " + gapMillis + "ms" : "", lossRate > 0 ? String.format(" loss %.0f%%", lossRate * 100) : "");
    }
}

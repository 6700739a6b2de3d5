package io.pekonode.it.chaos;

import java.util.List;

/**
 * One fault of the container soak's schedule, in seconds from the start of the run. Nodes are 1-based
 * numbers matching the aliases {@code node1..nodeN}.
 *
 * @param nodes    the nodes it acts on; for {@link Kind#PARTITION_HALVES} and {@link Kind#BRIDGE} one side
 *                 (for a bridge, the last node is the bridge, which reaches both sides)
 * @param lossRate for {@link Kind#LOSS}, the share of packets each of the nodes drops
 */
record ContainerFault(Kind kind, long startMillis, long durationMillis, List<Integer> nodes, double lossRate) {

    ContainerFault {
        nodes = List.copyOf(nodes);
    }

    enum Kind {
        /** docker kill (SIGKILL), then a new container on the same data volume. */
        KILL_RESTART(true),
        /** docker pause, then unpause. */
        PAUSE(true),
        /** POST /v1/leave (the agent exits), then a new container on the same data volume. */
        LEAVE_REJOIN(true),
        /** docker stop and a new container, one node after the other. */
        ROLLING_RESTART(true),
        /** iptables: the two halves drop each other's packets. */
        PARTITION_HALVES(false),
        /** iptables: one node drops everyone's packets and everyone drops its. */
        ISOLATE(false),
        /** Two sides cut apart, one node reaching both. */
        BRIDGE(false),
        /** iptables statistic match: the nodes drop a share of incoming packets. */
        LOSS(false);

        private final boolean down;

        Kind(boolean down) {
            this.down = down;
        }

        boolean takesNodesDown() {
            return down;
        }

        boolean isNetwork() {
            return !down;
        }
    }

    long endMillis() {
        return startMillis + durationMillis;
    }

    /** Nodes held down at once: a rolling restart takes one at a time. */
    int downAtOnce() {
        return !kind.takesNodesDown() ? 0 : kind == Kind.ROLLING_RESTART ? 1 : nodes.size();
    }

    @Override
    public String toString() {
        return String.format("+%6.1fs %-16s %5.1fs nodes %s%s", startMillis / 1000.0, kind, durationMillis / 1000.0, nodes,
                lossRate > 0 ? String.format(" loss %.0f%%", lossRate * 100) : "");
    }
}

package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Shared set-up for the protocol tests and the benchmark: build, form, quiesce. */
final class SimClusters {

    /** Joins are spread this far apart so the seed is not handed every join in the same millisecond. */
    static final long JOIN_STAGGER_MILLIS = 5;

    private SimClusters() {
    }

    static Simulation sim(long seed, ClusterConfig config, int expectedNodes) {
        return Simulation.builder().seed(seed).config(config).expectedNodes(expectedNodes).build();
    }

    /**
     * The longest a join may take by design: a member the rumors missed is repaired by push-pull, whose
     * interval stretches with N past 32 members (x ceil(log2(N) - 5) + 1, as memberlist), so allow two of
     * those intervals plus a minute of gossip.
     */
    static long joinBoundMillis(ClusterConfig config, int n) {
        double scale = n <= 32 ? 1 : Math.ceil(Math.log(n) / Math.log(2) - 5) + 1;
        return (long) (2 * scale * config.antiEntropy().pushPullInterval().toMillis()) + 60_000;
    }

    /** n nodes join through node 0; returns once every node sees every node alive (within {@link #joinBoundMillis}). */
    static List<SimNode> form(Simulation sim, int n) {
        return form(sim, n, joinBoundMillis(sim.config(), n));
    }

    /** n nodes join through node 0; returns once every node sees every node alive. */
    static List<SimNode> form(Simulation sim, int n, long maxMillis) {
        List<SimNode> nodes = sim.startCluster(n, JOIN_STAGGER_MILLIS);
        assertTrue(sim.runUntil(sim.views()::convergedAlive, maxMillis),
                () -> "cluster of " + n + " did not converge within " + maxMillis + " ms: " + divergence(sim));
        return nodes;
    }

    /** Up to five (observer, member, state) pairs where a live node's view differs from the truth, for messages. */
    static String divergence(Simulation sim) {
        StringBuilder out = new StringBuilder();
        int found = 0;
        for (SimNode observer : sim.liveNodes()) {
            for (SimNode target : sim.nodes()) {
                MemberState seen = sim.views().state(observer, target.id());
                boolean expectActive = target.isLive();
                boolean ok = expectActive ? seen == MemberState.ALIVE : (seen == null || !seen.isActive());
                if (!ok && found++ < 5) {
                    out.append(observer.id()).append(" sees ").append(target.id()).append(' ').append(seen).append("; ");
                }
            }
        }
        return found + " wrong pairs: " + out;
    }

    /** Runs until no node has rumors left to send (the join storm is over). */
    static void quiesce(Simulation sim, long maxMillis) {
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(node -> node.core().pendingBroadcasts() == 0), maxMillis),
                "rumors still queued after " + maxMillis + " ms");
    }

    /** True when every node in {@code observers} sees every node in {@code targets} in {@code state}. */
    static boolean allSee(Simulation sim, Collection<SimNode> observers, Collection<SimNode> targets, MemberState state) {
        for (SimNode observer : observers) {
            for (SimNode target : targets) {
                if (observer != target && sim.views().state(observer, target.id()) != state) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every live live node holds all live ids as ALIVE in its own member table (the core's truth, O(N²)). */
    static boolean coreTablesAgree(Simulation sim) {
        Set<String> live = new HashSet<>();
        for (SimNode node : sim.liveNodes()) {
            live.add(node.id());
        }
        for (SimNode node : sim.liveNodes()) {
            Set<String> alive = new HashSet<>();
            for (Member m : node.members()) {
                if (m.state() == MemberState.ALIVE) {
                    alive.add(m.id());
                }
            }
            if (!alive.equals(live)) {
                return false;
            }
        }
        return true;
    }
}

package io.pekonode.testkit.sim;

import io.pekonode.api.MemberState;
import io.pekonode.api.event.ClusterEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every node's view of every member, kept up to date from the member events the nodes emit, so that
 * questions like "does every live node see X as dead?" cost O(1) and "has the cluster converged?"
 * costs O(N) instead of walking every node's member list (O(N²)).
 *
 * <p>Memory: one byte per (observer, member) pair, 100 MB at 10,000 nodes, small next to the cores'
 * own member tables. Views start as "only myself, alive" and follow each event's
 * {@code member().state()}; a core that changes a state without an event is not seen here, so
 * tests at small N can cross-check with {@link SimNode#members()}.
 *
 * <p>Counts by member include only live observers (not crashed, not left): a crashed node's stale
 * view does not block convergence.
 */
public final class MembershipViews {

    private static final int CODES = 5;
    private static final byte UNKNOWN = 0;
    private static final MemberState[] STATES = MemberState.values();

    private final Map<String, Integer> targetIndex = new HashMap<>();
    private String[] targetIds = new String[64];
    private int targets;
    /** rows[observer][target]: 0 unknown, 1 + MemberState ordinal otherwise. Grown lazily per row. */
    private byte[][] rows = new byte[64][];
    private int[] activeCount = new int[64];
    private boolean[] observing = new boolean[64];
    /** counts[target * CODES + code]: live observers holding that state. */
    private int[] counts = new int[64 * CODES];
    /** How many live nodes carry each member id (a same-id restart shares its predecessor's). */
    private int[] liveCarriers = new int[64];
    private int liveObservers;

    MembershipViews() {
    }

    void nodeStarted(SimNode node) {
        int observer = node.index();
        int self = target(node.id());
        if (observer >= rows.length) {
            int capacity = Math.max(observer + 1, rows.length * 2);
            rows = Arrays.copyOf(rows, capacity);
            activeCount = Arrays.copyOf(activeCount, capacity);
            observing = Arrays.copyOf(observing, capacity);
        }
        rows[observer] = new byte[Math.max(16, targets)];
        rows[observer][self] = code(MemberState.ALIVE);
        activeCount[observer] = 1;
        observing[observer] = true;
        counts[self * CODES + code(MemberState.ALIVE)]++;
        liveCarriers[self]++;
        liveObservers++;
    }

    /** The node crashed or left: its view no longer counts, and it is no longer expected to be seen alive. */
    void nodeStopped(SimNode node) {
        int observer = node.index();
        if (!observing[observer]) {
            return;
        }
        observing[observer] = false;
        liveObservers--;
        liveCarriers[targetIndex.get(node.id())]--;
        byte[] row = rows[observer];
        for (int t = 0; t < row.length; t++) {
            if (row[t] != UNKNOWN) {
                counts[t * CODES + row[t]]--;
            }
        }
    }

    void onEvent(SimNode observerNode, ClusterEvent.MemberEvent event) {
        Integer t = targetIndex.get(event.member().id());
        if (t == null) {
            return;
        }
        set(observerNode.index(), t, code(event.member().state()));
    }

    /**
     * A pre-formed cluster: every one of {@code members} sees every one of them alive, as if each had
     * announced every other (the cores learned them through {@code restoreMembers}, without events).
     */
    void formed(List<SimNode> members) {
        int[] ts = new int[members.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = targetIndex.get(members.get(i).id());
        }
        byte alive = code(MemberState.ALIVE);
        for (SimNode observer : members) {
            int o = observer.index();
            if (rows[o].length < targets) {
                rows[o] = Arrays.copyOf(rows[o], targets);
            }
            for (int t : ts) {
                set(o, t, alive);
            }
        }
    }

    /**
     * A node restarted from saved state: it sees the members its core restored (without events) as the
     * core holds them.
     */
    void restored(SimNode observer, List<io.pekonode.api.Member> members) {
        int o = observer.index();
        for (io.pekonode.api.Member m : members) {
            if (!m.id().equals(observer.id())) {
                set(o, target(m.id()), code(m.state()));
            }
        }
    }

    private void set(int observer, int t, byte now) {
        byte[] row = rows[observer];
        if (t >= row.length) {
            row = Arrays.copyOf(row, Math.max(t + 1, row.length * 2));
            rows[observer] = row;
        }
        byte old = row[t];
        if (old == now) {
            return;
        }
        row[t] = now;
        if (isActive(old)) {
            activeCount[observer]--;
        }
        if (isActive(now)) {
            activeCount[observer]++;
        }
        if (observing[observer]) {
            if (old != UNKNOWN) {
                counts[t * CODES + old]--;
            }
            counts[t * CODES + now]++;
        }
    }

    /** How {@code observer} sees {@code memberId}, or null when it does not know it. */
    public MemberState state(SimNode observer, String memberId) {
        Integer t = targetIndex.get(memberId);
        byte[] row = rows[observer.index()];
        if (t == null || t >= row.length || row[t] == UNKNOWN) {
            return null;
        }
        return STATES[row[t] - 1];
    }

    /** Members {@code observer} sees alive or suspect, itself included. */
    public int activeCount(SimNode observer) {
        return activeCount[observer.index()];
    }

    /** Live nodes that see {@code memberId} in {@code state}. */
    public int observersSeeing(String memberId, MemberState state) {
        Integer t = targetIndex.get(memberId);
        return t == null ? 0 : counts[t * CODES + code(state)];
    }

    /** Live nodes that see {@code memberId} alive or suspect. */
    public int activeObservers(String memberId) {
        Integer t = targetIndex.get(memberId);
        return t == null ? 0 : active(t);
    }

    /** Nodes that are neither crashed nor left. */
    public int liveObservers() {
        return liveObservers;
    }

    /**
     * True when every live node sees every live node alive or suspect, and no live node sees a crashed
     * or departed one as alive or suspect. O(members).
     */
    public boolean converged() {
        for (int t = 0; t < targets; t++) {
            int expected = liveCarriers[t] > 0 ? liveObservers : 0;
            if (active(t) != expected) {
                return false;
            }
        }
        return true;
    }

    /** Like {@link #converged()} but every live member must be seen ALIVE, not merely suspect. */
    public boolean convergedAlive() {
        for (int t = 0; t < targets; t++) {
            int expected = liveCarriers[t] > 0 ? liveObservers : 0;
            if (counts[t * CODES + code(MemberState.ALIVE)] != expected || active(t) != expected) {
                return false;
            }
        }
        return true;
    }

    private int active(int t) {
        return counts[t * CODES + code(MemberState.ALIVE)] + counts[t * CODES + code(MemberState.SUSPECT)];
    }

    private int target(String id) {
        Integer existing = targetIndex.get(id);
        if (existing != null) {
            return existing;
        }
        int t = targets++;
        targetIndex.put(id, t);
        if (t >= targetIds.length) {
            int capacity = targetIds.length * 2;
            targetIds = Arrays.copyOf(targetIds, capacity);
            liveCarriers = Arrays.copyOf(liveCarriers, capacity);
            counts = Arrays.copyOf(counts, capacity * CODES);
        }
        targetIds[t] = id;
        return t;
    }

    private static byte code(MemberState state) {
        return (byte) (state.ordinal() + 1);
    }

    private static boolean isActive(byte code) {
        return code == code(MemberState.ALIVE) || code == code(MemberState.SUSPECT);
    }
}

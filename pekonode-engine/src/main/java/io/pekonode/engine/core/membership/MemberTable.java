package io.pekonode.engine.core.membership;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Every member the local node knows, indexed so that the per-round operations (random sampling of
 * live members, counting them, finding a member by id) cost O(1) however large N is.
 * The local node is stored by id but kept out of the sampling lists.
 */
public final class MemberTable {
    /** Clusters of at most this many times the sample size are scanned, not drawn from. */
    private static final int SCAN_FACTOR = 3;
    /**
     * Random draws allowed per member wanted, a bound on the work when most members are excluded.
     * Above {@link #SCAN_FACTOR} x k members a draw hits one already picked with probability under a
     * third, so all 8 collide with probability under 0.02%.
     */
    private static final int DRAWS_PER_PICK = 8;

    private final String selfId;
    /** Every entry, self and tombstones included, by id. */
    private final EntryIndex byId = new EntryIndex();
    /** Other members that are ALIVE or SUSPECT: probe and gossip targets. */
    private final List<MemberEntry> active = new ArrayList<>();
    /** Other members that are DEAD or LEFT: tombstones. */
    private final List<MemberEntry> departed = new ArrayList<>();
    /** Members that became live since the failure detector last looked, to slot into its round. */
    private final List<MemberEntry> newlyActive = new ArrayList<>();

    public MemberTable(String selfId) {
        this.selfId = selfId;
    }

    public MemberEntry get(String id) {
        return byId.get(id);
    }

    public MemberEntry add(Member member, long nowMillis) {
        MemberEntry entry = new MemberEntry(member, nowMillis);
        byId.put(entry);
        if (!member.id().equals(selfId)) {
            listFor(member.state()).add(entry);
            entry.listIndex = listFor(member.state()).size() - 1;
            if (member.state().isActive()) {
                newlyActive.add(entry);
            }
        }
        return entry;
    }

    /** Replaces an entry's view, moving it between the active and departed lists as its state requires. */
    public void update(MemberEntry entry, Member updated, long nowMillis) {
        Member previous = entry.member();
        boolean moves = !entry.id().equals(selfId) && previous.state().isActive() != updated.state().isActive();
        if (moves) {
            removeFromList(entry, listFor(previous.state()));
        }
        entry.member(updated, nowMillis);
        if (moves) {
            List<MemberEntry> target = listFor(updated.state());
            target.add(entry);
            entry.listIndex = target.size() - 1;
            if (updated.state().isActive()) {
                newlyActive.add(entry);
            }
        }
    }

    /** Forgets a tombstone for good. */
    public void remove(MemberEntry entry) {
        byId.remove(entry.id());
        if (!entry.id().equals(selfId)) {
            removeFromList(entry, listFor(entry.member().state()));
        }
    }

    /** Members that became live since the last call (joined, or came back), oldest first. */
    public List<MemberEntry> drainNewlyActive() {
        if (newlyActive.isEmpty()) {
            return List.of();
        }
        List<MemberEntry> out = new ArrayList<>(newlyActive);
        newlyActive.clear();
        return out;
    }

    /** Live members other than the local node. */
    public int activeCount() {
        return active.size();
    }

    /** Live members including the local node: the N that timeouts and retransmits scale with. */
    public int clusterSize() {
        return active.size() + 1;
    }

    public List<MemberEntry> active() {
        return active;
    }

    public List<MemberEntry> departed() {
        return departed;
    }

    public Collection<MemberEntry> all() {
        return byId;
    }

    public List<Member> members() {
        List<Member> out = new ArrayList<>(byId.size());
        for (MemberEntry e : byId) {
            out.add(e.member());
        }
        return out;
    }

    /**
     * The order-independent hash of every record in the table, this node's own and tombstones
     * included: equal on two nodes exactly when (but for a 64-bit collision) they hold the same
     * records. Computed on demand, once per push-pull exchange, in O(N).
     */
    public long contentHash() {
        long sum = 0;
        for (MemberEntry e : byId) {
            sum += MemberHash.of(e.member());
        }
        return sum;
    }

    /**
     * Up to {@code k} distinct random live members not rejected by {@code exclude}. Draws random
     * indexes rather than shuffling, so the cost depends on k, not on N.
     */
    public List<MemberEntry> sampleActive(int k, Predicate<MemberEntry> exclude, RandomGenerator random) {
        // Up to SCAN_FACTOR x k members, random draws would mostly collide: scanning is cheaper.
        List<MemberEntry> picked = new ArrayList<>(Math.min(k, active.size()));
        int n = active.size();
        if (k <= 0 || n == 0) {
            return picked;
        }
        if (n <= k * SCAN_FACTOR) {
            // Small cluster: scan from a random offset to avoid retry loops that mostly collide.
            int start = random.nextInt(n);
            for (int i = 0; i < n && picked.size() < k; i++) {
                MemberEntry e = active.get((start + i) % n);
                if (!exclude.test(e)) {
                    picked.add(e);
                }
            }
            return picked;
        }
        int attempts = k * DRAWS_PER_PICK;
        while (picked.size() < k && attempts-- > 0) {
            MemberEntry e = active.get(random.nextInt(n));
            if (!exclude.test(e) && !picked.contains(e)) {
                picked.add(e);
            }
        }
        return picked;
    }

    private List<MemberEntry> listFor(MemberState state) {
        return state.isActive() ? active : departed;
    }

    private static void removeFromList(MemberEntry entry, List<MemberEntry> list) {
        int i = entry.listIndex;
        if (i < 0 || i >= list.size() || list.get(i) != entry) {
            throw new IllegalStateException("member table index out of sync for " + entry.id());
        }
        MemberEntry last = list.remove(list.size() - 1);
        if (last != entry) {
            list.set(i, last);
            last.listIndex = i;
        }
        entry.listIndex = -1;
    }
}

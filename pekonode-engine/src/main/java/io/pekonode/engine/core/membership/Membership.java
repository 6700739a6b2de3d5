package io.pekonode.engine.core.membership;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.config.FailureDetectionConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.engine.core.CoreContext;
import io.pekonode.engine.core.CoreStats.Counter;
import io.pekonode.engine.core.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * SWIM's membership rules: how news about a member (alive, suspect, dead, left at an incarnation)
 * changes the local view, when the local node must refute, and when a suspicion becomes a death.
 *
 * <p>The rules, after SWIM and memberlist: a member's own incarnation orders claims about it; an
 * alive claim needs a higher incarnation to override anything; a suspect claim at the current (or a
 * higher) incarnation overrides alive; dead and left end the member's life at that incarnation, and
 * left (said by the member itself) is never reported as a failure. Only the member raises its
 * incarnation, which is how it refutes.
 */
public final class Membership {
    /** Confirmations beyond Lifeguard's k after which a suspicion times out at its floor. */
    static final int STRONG_EXTRA = 3;
    /** The floor is the configured minimum timeout divided by this. */
    static final int FLOOR_DIVISOR = 2;
    /**
     * Lifeguard's k, the confirmations a suspicion expects, is the suspicion multiplier minus this
     * (memberlist's heuristic: 2 confirmations with the default multiplier of 4).
     */
    static final int MULTIPLIER_ABOVE_EXPECTED_CONFIRMATIONS = 2;
    /** Members that can never confirm a suspicion: the suspect itself and the local node. */
    static final int NON_CONFIRMERS = 2;

    private final CoreContext ctx;
    private final MemberTable table;
    /** Told of every refutation: Lifeguard counts being suspected as a sign of local trouble. */
    private final Runnable onRefuted;
    private final PriorityQueue<SuspicionDeadline> deadlines = new PriorityQueue<>();
    private Member self;
    private LastChanceProbe lastChance = (entry, now) -> false;
    /** When a member we held dead last came back alive; {@link Long#MIN_VALUE} before that ever happened. */
    private long lastResurrectionMillis = Long.MIN_VALUE;

    /**
     * Sends a suspect one direct probe before it is declared dead on other nodes' word alone.
     * Returns false when no probe could be sent.
     */
    @FunctionalInterface
    public interface LastChanceProbe {
        boolean send(MemberEntry suspect, long now);
    }

    private record SuspicionDeadline(long atMillis, String id) implements Comparable<SuspicionDeadline> {
        @Override
        public int compareTo(SuspicionDeadline o) {
            int c = Long.compare(atMillis, o.atMillis);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    /**
     * @param onRefuted called each time the local node refutes a suspicion or death of itself (the
     *                  failure detector's local health counts it); membership itself keeps no score
     */
    public Membership(CoreContext ctx, Member self, Runnable onRefuted, long nowMillis) {
        this.ctx = ctx;
        this.self = self;
        this.onRefuted = onRefuted;
        this.table = new MemberTable(self.id());
        table.add(self, nowMillis);
    }

    public void lastChanceProbe(LastChanceProbe probe) {
        this.lastChance = probe;
    }

    public MemberTable table() {
        return table;
    }

    public Member self() {
        return self;
    }

    public boolean isSelf(String id) {
        return self.id().equals(id);
    }

    /** Applies gossip about a member. Claims from a full-state sync pass {@code fromSync}. */
    public void apply(MemberRumor rumor, long now, boolean fromSync) {
        Member claim = rumor.member();
        if (isSelf(claim.id())) {
            applyAboutSelf(claim, rumor.reporterId(), now);
            return;
        }
        switch (claim.state()) {
            case ALIVE -> applyAlive(claim, now);
            case SUSPECT -> applySuspect(claim, rumor.reporterId(), now);
            // A peer's full state is second-hand: like memberlist, we suspect rather than bury, so a
            // healthy member on the far side of a healed partition can refute before anyone fails it.
            case DEAD -> {
                if (fromSync) {
                    applySuspect(claim.withState(MemberState.SUSPECT), rumor.reporterId(), now);
                } else {
                    applyDeparture(claim, MemberState.DEAD, now);
                }
            }
            case LEFT -> applyDeparture(claim,
                    rumor.reporterId().equals(claim.id()) ? MemberState.LEFT : MemberState.DEAD, now);
        }
    }

    /** Adds members known from before without gossiping them (see {@code ProtocolCore.restoreMembers}). */
    public void restore(List<Member> known, long now) {
        for (Member restored : known) {
            if (isSelf(restored.id())) {
                continue;
            }
            // A suspicion cannot be restored with its timer: let the failure detector decide afresh.
            Member m = restored.state() == MemberState.SUSPECT ? restored.withState(MemberState.ALIVE) : restored;
            MemberEntry entry = table.get(m.id());
            if (entry == null) {
                table.add(m, now);
            } else if (m.incarnation() > entry.member().incarnation()) {
                table.update(entry, m, now);
            }
        }
    }

    /**
     * The local failure detector gave up on a member: suspect it at its current incarnation, or, if
     * someone else already suspects it, add our independent confirmation (Lifeguard shortens the
     * timeout as confirmations arrive).
     */
    public void suspectLocally(MemberEntry entry, long now) {
        Member m = entry.member();
        if (m.state().isActive()) {
            applySuspect(m.withState(MemberState.SUSPECT), self.id(), now);
        }
    }

    /**
     * The local failure detector has proof the member's process is gone (see
     * {@code FailureDetectionConfig.Builder#failOnConnectionRefused}): declare it dead at its current
     * incarnation without a suspicion. A live member that hears it refutes as it would a suspicion.
     */
    public void failLocally(MemberEntry entry, long now) {
        Member m = entry.member();
        if (m.state().isActive()) {
            applyDeparture(m.withState(MemberState.DEAD), MemberState.DEAD, now);
        }
    }

    private void applyAboutSelf(Member claim, String accuser, long now) {
        if (self.state() == MemberState.LEFT) {
            return;
        }
        boolean staleAlive = claim.state() == MemberState.ALIVE && claim.incarnation() <= self.incarnation();
        if (staleAlive) {
            return;
        }
        if (claim.incarnation() < self.incarnation()) {
            // An old accusation is still travelling: someone who holds it may have missed our
            // refutation, so put it back in circulation (it then rides on our next acks first).
            ctx.broadcast(new MemberRumor(self, self.id()));
            answerAccuser(accuser);
            return;
        }
        // Someone believes we are suspect, dead, left, or knows an incarnation of ours we don't (our
        // previous life before a restart): outrank it.
        refute(claim.incarnation() + 1, now);
        answerAccuser(accuser);
    }

    /**
     * Tells the member who suspected us, directly, that we are alive. The suspector (and each
     * confirmer) is the one node sure to act on its suspicion without asking us again, so it must not
     * depend on the gossip of our refutation reaching it.
     */
    private void answerAccuser(String accuser) {
        MemberEntry entry = isSelf(accuser) ? null : table.get(accuser);
        if (entry != null && entry.member().state().isActive()) {
            ctx.send(entry.member().address(), new Gossip(ctx.origin(), List.of(new MemberRumor(self, self.id()))), false);
        }
    }

    /**
     * When a member this node had declared dead last came back at a higher incarnation (a healed
     * partition, or a death that was wrong); {@link Long#MIN_VALUE} if none ever did.
     */
    public long lastResurrectionMillis() {
        return lastResurrectionMillis;
    }

    /** Raises the local incarnation to at least {@code incarnation} and announces that we are alive. */
    public void refute(long incarnation, long now) {
        long next = Math.max(incarnation, self.incarnation() + 1);
        self = new Member(self.id(), self.name(), self.address(), self.tags(), MemberState.ALIVE, next);
        table.update(table.get(self.id()), self, now);
        ctx.stats().increment(Counter.REFUTATIONS);
        onRefuted.run();
        ctx.broadcast(new MemberRumor(self, self.id()));
    }

    /** Replaces the local node's tags, raising its incarnation so the change wins everywhere. */
    public void updateSelf(Map<String, String> tags, long now) {
        self = new Member(self.id(), self.name(), self.address(), tags, MemberState.ALIVE, self.incarnation() + 1);
        table.update(table.get(self.id()), self, now);
        ctx.broadcast(new MemberRumor(self, self.id()));
        ctx.emit(new ClusterEvent.MemberUpdated(self));
    }

    /** Marks the local node as left and spreads it; only the node itself can say it left. */
    public void leave(long now) {
        self = self.withState(MemberState.LEFT);
        table.update(table.get(self.id()), self, now);
        ctx.broadcast(new MemberRumor(self, self.id()));
    }

    private void applyAlive(Member claim, long now) {
        MemberEntry entry = table.get(claim.id());
        if (entry == null) {
            table.add(claim, now);
            ctx.broadcast(new MemberRumor(claim, claim.id()));
            ctx.emit(new ClusterEvent.MemberJoined(claim));
            buryIfPreviousLife(claim, now);
            return;
        }
        Member current = entry.member();
        if (claim.incarnation() <= current.incarnation()) {
            return;
        }
        table.update(entry, claim, now);
        clearSuspicion(entry);
        ctx.broadcast(new MemberRumor(claim, claim.id()));
        switch (current.state()) {
            case SUSPECT -> ctx.emit(new ClusterEvent.MemberRecovered(claim));
            case DEAD -> {
                lastResurrectionMillis = now;
                ctx.emit(new ClusterEvent.MemberJoined(claim));
            }
            case LEFT -> ctx.emit(new ClusterEvent.MemberJoined(claim));
            case ALIVE -> {
                if (!sameDescription(current, claim)) {
                    ctx.emit(new ClusterEvent.MemberUpdated(claim));
                }
            }
        }
        buryIfPreviousLife(claim, now);
    }

    /**
     * Only one process can own an address. A member with another id at our own advertised address is
     * a previous life of this node (restarted with a new id): declare it dead at once instead of
     * waiting for it to be probed out, so it does not linger as a ghost.
     */
    private void buryIfPreviousLife(Member claim, long now) {
        if (claim.address().equals(self.address()) && claim.state().isActive()) {
            applyDeparture(claim.withState(MemberState.DEAD), MemberState.DEAD, now);
        }
    }

    private void applySuspect(Member claim, String reporter, long now) {
        MemberEntry entry = table.get(claim.id());
        if (entry == null) {
            return;
        }
        Member current = entry.member();
        if (claim.incarnation() < current.incarnation()) {
            ctx.stats().increment(Counter.STALE_MESSAGES_IGNORED);
            return;
        }
        if (current.state() == MemberState.SUSPECT && entry.suspicion() != null) {
            if (isSelf(reporter)) {
                entry.markCheckedLocally();
            }
            if (entry.suspicion().confirm(reporter)) {
                deadlines.add(new SuspicionDeadline(entry.suspicion().deadlineMillis(), entry.id()));
                ctx.broadcast(new MemberRumor(entry.member(), reporter));
            }
            return;
        }
        if (current.state() != MemberState.ALIVE) {
            return;
        }
        Member suspect = new Member(current.id(), current.name(), current.address(), current.tags(),
                MemberState.SUSPECT, claim.incarnation());
        table.update(entry, suspect, now);
        Suspicion suspicion = newSuspicion(reporter, now);
        entry.suspicion(suspicion);
        if (isSelf(reporter)) {
            entry.markCheckedLocally();
        }
        deadlines.add(new SuspicionDeadline(suspicion.deadlineMillis(), entry.id()));
        ctx.stats().increment(Counter.SUSPICIONS_RAISED);
        ctx.broadcast(new MemberRumor(suspect, reporter));
        ctx.emit(new ClusterEvent.MemberSuspected(suspect));
    }

    private void applyDeparture(Member claim, MemberState state, long now) {
        MemberEntry entry = table.get(claim.id());
        if (entry == null) {
            return;
        }
        Member current = entry.member();
        if (claim.incarnation() < current.incarnation() || current.state() == MemberState.LEFT) {
            return;
        }
        // A member's own word that it left outranks our conclusion that it died at that incarnation.
        boolean upgradeToLeft = current.state() == MemberState.DEAD && state == MemberState.LEFT
                && claim.incarnation() == current.incarnation();
        if (current.state() == MemberState.DEAD && !upgradeToLeft) {
            return;
        }
        Member departed = new Member(current.id(), current.name(), current.address(), current.tags(), state,
                claim.incarnation());
        table.update(entry, departed, now);
        clearSuspicion(entry);
        ctx.broadcast(new MemberRumor(departed, state == MemberState.LEFT ? claim.id() : self.id()));
        if (state == MemberState.LEFT) {
            ctx.emit(new ClusterEvent.MemberLeft(departed));
        } else {
            if (current.state() == MemberState.SUSPECT) {
                ctx.timing(Timing.Kind.SUSPICION_TO_DEAD, now - entry.stateSinceMillis());
            }
            ctx.stats().increment(Counter.MEMBERS_FAILED);
            ctx.emit(new ClusterEvent.MemberFailed(departed));
        }
    }

    /** What {@link #forceLeave} did. */
    public enum ForceLeaveResult { LEFT, PRUNED, NOT_FOUND, NOT_FAILED }

    /**
     * An operator's word that a failed member is gone for good (Serf's {@code force-leave}): it is
     * marked left and the news spreads as the member's own leave at its last incarnation, so every node
     * stops treating it as a failure that may come back. A live member would refute that at once, which
     * is why only dead ones are accepted. With {@code prune} the member (dead or left) is also forgotten
     * here at once instead of after the retention.
     */
    public ForceLeaveResult forceLeave(String id, boolean prune, long now) {
        MemberEntry entry = table.get(id);
        if (entry == null || isSelf(id)) {
            return ForceLeaveResult.NOT_FOUND;
        }
        Member current = entry.member();
        if (current.state() == MemberState.DEAD) {
            // Spread as the member's own leave at that incarnation: the one claim every node accepts over dead.
            applyDeparture(current.withState(MemberState.LEFT), MemberState.LEFT, now);
        } else if (current.state() != MemberState.LEFT) {
            return ForceLeaveResult.NOT_FAILED;
        }
        if (!prune) {
            return ForceLeaveResult.LEFT;
        }
        table.remove(entry);
        ctx.emit(new ClusterEvent.MemberReaped(entry.member()));
        return ForceLeaveResult.PRUNED;
    }

    /**
     * Turns suspicions whose deadline passed into deaths. A node that only heard of the suspicion, or
     * whose own suspicion nobody confirmed, first probes the suspect once more, carrying the
     * accusation: a live suspect that missed every copy of the rumor (or whose refutation missed us)
     * answers with its higher incarnation, and a dead one costs us one probe interval more.
     */
    public void expireSuspicions(long now) {
        while (!deadlines.isEmpty() && deadlines.peek().atMillis() <= now) {
            MemberEntry entry = table.get(deadlines.poll().id());
            if (entry == null || entry.suspicion() == null || entry.member().state() != MemberState.SUSPECT) {
                continue;
            }
            long due = entry.lastChanceDeadline() > 0 ? entry.lastChanceDeadline() : entry.suspicion().deadlineMillis();
            if (due > now) {
                continue; // a later queue entry stands for the current deadline
            }
            // Verify before burying unless we failed to reach it ourselves AND someone else confirmed:
            // one node's lost packets alone are too weak a reason, and a real crash is confirmed fast.
            boolean wellFounded = entry.checkedLocally() && entry.suspicion().confirmations() > 0;
            if (entry.lastChanceDeadline() == 0 && !wellFounded && lastChance.send(entry, now)) {
                long giveUpAt = now + ctx.config().failureDetection().probeInterval().toMillis();
                entry.lastChanceDeadline(giveUpAt);
                deadlines.add(new SuspicionDeadline(giveUpAt, entry.id()));
                continue;
            }
            applyDeparture(entry.member().withState(MemberState.DEAD), MemberState.DEAD, now);
        }
    }

    /**
     * A suspect answered our last-chance probe: it is alive, so it is not buried on our word. It stays
     * suspect (only its own higher incarnation clears that) under a fresh suspicion window, in which
     * it refutes or other members' probes bury it.
     */
    public void suspectAnswered(String id, long now) {
        MemberEntry entry = table.get(id);
        if (entry == null || entry.member().state() != MemberState.SUSPECT || entry.suspicion() == null) {
            return;
        }
        Suspicion renewed = newSuspicion(self.id(), now);
        entry.suspicion(renewed);
        deadlines.add(new SuspicionDeadline(renewed.deadlineMillis(), entry.id()));
    }

    /** Forgets tombstones older than the configured retention. */
    public void reapTombstones(long now) {
        long horizon = now - ctx.config().antiEntropy().deadMemberRetention().toMillis();
        List<MemberEntry> expired = new ArrayList<>();
        for (MemberEntry e : table.departed()) {
            if (e.stateSinceMillis() < horizon) {
                expired.add(e);
            }
        }
        for (MemberEntry e : expired) {
            table.remove(e);
            ctx.emit(new ClusterEvent.MemberReaped(e.member()));
        }
    }

    public long nextDeadlineMillis() {
        SuspicionDeadline head = deadlines.peek();
        return head == null ? Long.MAX_VALUE : head.atMillis();
    }

    /** The timeouts {@code FailureDetectionConfig.Builder#suspicionMultiplier} documents; keep the two in step. */
    private Suspicion newSuspicion(String reporter, long now) {
        FailureDetectionConfig fd = ctx.config().failureDetection();
        int n = table.clusterSize();
        long probeMs = fd.probeInterval().toMillis();
        double scale = Math.max(1.0, Math.log10(Math.max(1.0, n)));
        long min = (long) (fd.suspicionMultiplier() * scale * probeMs);
        boolean lifeguard = fd.lifeguard();
        long max = lifeguard ? min * fd.suspicionMaxTimeoutMultiplier() : min;
        int k = lifeguard ? fd.suspicionMultiplier() - MULTIPLIER_ABOVE_EXPECTED_CONFIRMATIONS : 0;
        if (n - NON_CONFIRMERS < k) {
            k = 0;
        }
        // Past k, each further independent confirmation keeps shrinking the timeout, down to half the
        // minimum after STRONG_EXTRA more: a crash is confirmed by about one prober per period, so it
        // reaches the floor in a few seconds, while a live suspect refutes long before several
        // independent probes of it all fail.
        int strong = k + STRONG_EXTRA;
        if (k == 0 || n - NON_CONFIRMERS < strong) {
            strong = k;
        }
        return new Suspicion(reporter, k, strong, min / FLOOR_DIVISOR, min, max, now);
    }

    private static void clearSuspicion(MemberEntry entry) {
        entry.suspicion(null);
    }

    private static boolean sameDescription(Member a, Member b) {
        return a.name().equals(b.name()) && a.address().equals(b.address()) && Objects.equals(a.tags(), b.tags());
    }
}

package io.pekonode.engine.core.membership;

import io.pekonode.api.Member;

/**
 * The local record of one member: its current view plus bookkeeping the protocol needs.
 *
 * <p>Every node holds one per member, so a simulated cluster holds N² of them: the fields needed
 * only while the member is suspected live in a {@link Suspected} record allocated on demand, which
 * keeps the common (alive, unsuspected) entry at 32 bytes instead of 48.
 */
public final class MemberEntry {
    private Member member;
    private long stateSinceMillis;
    /** Suspicion bookkeeping, or null when all of it is at its default (no suspicion, nothing sent). */
    private Suspected suspected;
    /** Position in the table's active or departed list, for O(1) removal; -1 when in neither. */
    int listIndex = -1;

    /** What exists only around a suspicion; the defaults (null, false, 0) are represented by no object. */
    private static final class Suspected {
        Suspicion suspicion;
        /** Whether the local node itself probed this suspect without an answer (or already sent it a last-chance probe). */
        boolean checkedLocally;
        /** When a last-chance probe sent at the suspicion's deadline gives up; 0 when none was sent. */
        long lastChanceDeadline;
    }

    MemberEntry(Member member, long nowMillis) {
        this.member = member;
        this.stateSinceMillis = nowMillis;
    }

    public Member member() {
        return member;
    }

    public String id() {
        return member.id();
    }

    public long stateSinceMillis() {
        return stateSinceMillis;
    }

    public Suspicion suspicion() {
        return suspected == null ? null : suspected.suspicion;
    }

    void suspicion(Suspicion value) {
        // Setting a suspicion resets the other two fields, so a cleared one needs no object at all.
        if (value == null) {
            suspected = null;
        } else {
            Suspected s = new Suspected();
            s.suspicion = value;
            suspected = s;
        }
    }

    long lastChanceDeadline() {
        return suspected == null ? 0 : suspected.lastChanceDeadline;
    }

    void lastChanceDeadline(long atMillis) {
        if (suspected == null) {
            if (atMillis == 0) {
                return;
            }
            suspected = new Suspected();
        }
        suspected.lastChanceDeadline = atMillis;
    }

    boolean checkedLocally() {
        return suspected != null && suspected.checkedLocally;
    }

    void markCheckedLocally() {
        if (suspected == null) {
            suspected = new Suspected();
        }
        suspected.checkedLocally = true;
    }

    void member(Member updated, long nowMillis) {
        if (updated.state() != member.state()) {
            stateSinceMillis = nowMillis;
        }
        this.member = updated;
    }
}

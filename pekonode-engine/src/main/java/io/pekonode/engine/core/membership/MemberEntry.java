package io.pekonode.engine.core.membership;

import io.pekonode.api.Member;
import io.pekonode.engine.core.failure.Suspicion;

/** The local record of one member: its current view plus bookkeeping the protocol needs. */
public final class MemberEntry {
    private Member member;
    private long stateSinceMillis;
    private Suspicion suspicion;
    /** Whether the local node itself probed this suspect without an answer (or already sent it a last-chance probe). */
    private boolean checkedLocally;
    /** When a last-chance probe sent at the suspicion's deadline gives up; 0 when none was sent. */
    private long lastChanceDeadline;
    /** Position in the table's active or departed list, for O(1) removal; -1 when in neither. */
    int listIndex = -1;

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
        return suspicion;
    }

    void suspicion(Suspicion value) {
        this.suspicion = value;
        this.checkedLocally = false;
        this.lastChanceDeadline = 0;
    }

    long lastChanceDeadline() {
        return lastChanceDeadline;
    }

    void lastChanceDeadline(long atMillis) {
        this.lastChanceDeadline = atMillis;
    }

    boolean checkedLocally() {
        return checkedLocally;
    }

    void markCheckedLocally() {
        this.checkedLocally = true;
    }

    void member(Member updated, long nowMillis) {
        if (updated.state() != member.state()) {
            stateSinceMillis = nowMillis;
        }
        this.member = updated;
    }
}

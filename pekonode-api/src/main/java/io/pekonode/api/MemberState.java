package io.pekonode.api;

/** The states of SWIM's member life cycle. */
public enum MemberState {
    /** Answering probes, or vouched for by gossip at its current incarnation. */
    ALIVE,
    /** Missed a direct and indirect probe; dead unless it refutes before the suspicion timeout. */
    SUSPECT,
    /** Confirmed failed. Kept for a while as a tombstone so stale gossip cannot revive it. */
    DEAD,
    /** Left on purpose with {@code leave()}; never reported as a failure. */
    LEFT;

    /** True for states in which the member takes part in the cluster. */
    public boolean isActive() {
        return this == ALIVE || this == SUSPECT;
    }
}

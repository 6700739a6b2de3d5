package io.pekonode.consensus;

/**
 * Told when this node becomes the Raft leader or stops being it. Called on the consensus module's own
 * event thread, one call at a time and in order; never on the Raft thread.
 */
@FunctionalInterface
public interface LeadershipListener {

    /**
     * @param leader true when this node just became leader, false when it lost leadership
     * @param term   the Raft term of the change
     */
    void leadershipChanged(boolean leader, long term);
}

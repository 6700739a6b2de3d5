package io.pekonode.consensus;

/** How fresh a read of the consensus map must be. */
public enum ReadConsistency {
    /** Confirmed by the leader with a majority round trip: the read sees every write that completed before it began. */
    LINEARIZABLE,
    /**
     * Answered by whichever voter is asked (this node when it is one) from its applied state, with no
     * round trip: cheap and available in a minority partition, but it may miss recent writes.
     */
    STALE
}

package io.pekonode.consensus;

/**
 * No leader could be reached before the call's deadline: the group has not formed yet (fewer voters
 * seen than expected), an election is running, or this node is cut off from a majority. Nothing was
 * written; retrying later is safe.
 */
public final class NoLeaderException extends ConsensusException {
    private static final long serialVersionUID = 1L;

    public NoLeaderException(String message) {
        super(message);
    }
}

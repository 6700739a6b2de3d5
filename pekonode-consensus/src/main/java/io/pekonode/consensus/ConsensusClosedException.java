package io.pekonode.consensus;

/** The consensus module (or its node) was closed; create a new one to go on. */
public final class ConsensusClosedException extends ConsensusException {
    private static final long serialVersionUID = 1L;

    public ConsensusClosedException(String message) {
        super(message);
    }
}

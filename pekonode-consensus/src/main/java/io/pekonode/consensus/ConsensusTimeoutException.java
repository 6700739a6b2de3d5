package io.pekonode.consensus;

/**
 * A call reached a leader but got no answer before its deadline. For a write the outcome is unknown:
 * it may have been applied, or not. Read the key (or check the lock) to find out before retrying a
 * write that must not happen twice.
 */
public final class ConsensusTimeoutException extends ConsensusException {
    private static final long serialVersionUID = 1L;
    private final boolean outcomeUnknown;

    public ConsensusTimeoutException(String message, boolean outcomeUnknown) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** True when the request may have been applied (a write that reached a leader). */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}

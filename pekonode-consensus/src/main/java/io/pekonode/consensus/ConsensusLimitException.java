package io.pekonode.consensus;

/**
 * A request was refused before it was sent: a key or lock name that is empty or too long, or a value
 * over the size limit (see {@link ConsensusConfig}). Nothing was written.
 */
public final class ConsensusLimitException extends ConsensusException {
    private static final long serialVersionUID = 1L;

    public ConsensusLimitException(String message) {
        super(message);
    }
}

package io.pekonode.consensus;

/**
 * Base of every failure a consensus call reports. Each subclass names one cause, so callers can
 * catch what they handle (a lost CAS race, no leader) and let the rest through.
 */
public class ConsensusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsensusException(String message) {
        super(message);
    }

    public ConsensusException(String message, Throwable cause) {
        super(message, cause);
    }
}

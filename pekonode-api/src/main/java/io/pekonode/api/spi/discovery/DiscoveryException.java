package io.pekonode.api.spi.discovery;

/**
 * A discovery backend could not answer: unreachable, refusing, timing out, or answering something
 * unusable. The message is what an operator reads in the log, so it names the backend (host, name,
 * endpoint) and the reason.
 */
public class DiscoveryException extends Exception {

    private static final long serialVersionUID = 1L;

    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}

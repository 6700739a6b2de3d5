package io.pekonode.api;

/**
 * A blocking call waited longer than the configured command timeout for the node's event loop,
 * which is then overloaded or stuck. The call was withdrawn: a write not yet applied is not applied
 * later.
 */
public final class NodeTimeoutException extends NodeLifecycleException {
    private static final long serialVersionUID = 1L;

    public NodeTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

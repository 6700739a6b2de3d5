package io.pekonode.api;

/**
 * The local node could not carry out a call because of its own state, not the cluster's: it is
 * closed ({@link NodeClosedException}), too busy to take the call ({@link NodeOverloadedException}),
 * or did not get to it in time ({@link NodeTimeoutException}). Thrown by blocking calls, or completes
 * the future of an asynchronous one. An {@link IllegalStateException}, so code written before these
 * types existed still catches them.
 */
public abstract sealed class NodeLifecycleException extends IllegalStateException
        permits NodeClosedException, NodeOverloadedException, NodeTimeoutException {
    private static final long serialVersionUID = 1L;

    protected NodeLifecycleException(String message) {
        super(message);
    }

    protected NodeLifecycleException(String message, Throwable cause) {
        super(message, cause);
    }
}

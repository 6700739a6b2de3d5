package io.pekonode.api;

/**
 * The node is closed (or its event loop stopped), so it takes no more calls; pending ones fail with
 * this too. A closed node cannot be started again: create a new one.
 */
public final class NodeClosedException extends NodeLifecycleException {
    private static final long serialVersionUID = 1L;

    public NodeClosedException(String message) {
        super(message);
    }
}

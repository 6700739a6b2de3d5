package io.pekonode.api;

/**
 * Too many calls already wait for the node's event loop, so this one was refused at once rather
 * than queued without bound. Nothing was applied; retrying later may succeed.
 */
public final class NodeOverloadedException extends NodeLifecycleException {
    private static final long serialVersionUID = 1L;

    public NodeOverloadedException(String message) {
        super(message);
    }
}

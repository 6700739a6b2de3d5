package io.pekonode.api.event;

/** Handle of a registered listener. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Stops delivery to the listener; events already queued for it may still arrive. */
    @Override
    void close();
}

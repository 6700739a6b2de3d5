package io.pekonode.api.event;

/**
 * Receives cluster events. A listener that throws is logged and counted; it neither stops the node
 * nor other listeners, and it keeps receiving later events.
 */
@FunctionalInterface
public interface ClusterListener {
    void onEvent(ClusterEvent event);
}

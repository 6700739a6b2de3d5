package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.MessageHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One handler per topic. A second registration for a topic fails rather than replacing or fanning
 * out: a request has exactly one reply, so two handlers would make the answer depend on luck.
 * Lives as long as the node object (handlers may be registered before {@code start()}).
 */
public final class HandlerRegistry {

    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException if {@code topic} already has a handler
     */
    public Subscription register(String topic, MessageHandler handler) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("topic '" + topic + "' already has a handler; close its subscription first");
        }
        // Removes only this registration, so closing a stale subscription never drops a newer handler.
        return () -> handlers.remove(topic, handler);
    }

    /** The handler of {@code topic}, or null. */
    public MessageHandler find(String topic) {
        return handlers.get(topic);
    }
}

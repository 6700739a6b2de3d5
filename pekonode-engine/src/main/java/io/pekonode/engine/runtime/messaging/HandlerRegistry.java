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

    /** A handler and where it runs: inline on the receiving thread, or on the handler threads. */
    public record Registered(MessageHandler handler, boolean inline) {
    }

    private final Map<String, Registered> handlers = new ConcurrentHashMap<>();

    /**
     * @throws IllegalStateException if {@code topic} already has a handler
     */
    public Subscription register(String topic, MessageHandler handler) {
        return register(topic, handler, false);
    }

    /**
     * @param inline run on the receiving thread (see {@code Cluster.handleInline})
     * @throws IllegalStateException if {@code topic} already has a handler
     */
    public Subscription register(String topic, MessageHandler handler, boolean inline) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(handler, "handler");
        Registered registered = new Registered(handler, inline);
        if (handlers.putIfAbsent(topic, registered) != null) {
            throw new IllegalStateException("topic '" + topic + "' already has a handler; close its subscription first");
        }
        // Removes only this registration, so closing a stale subscription never drops a newer handler.
        return () -> handlers.remove(topic, registered);
    }

    /** The handler of {@code topic} that runs on the handler threads (the only kind queries run), or null. */
    public MessageHandler find(String topic) {
        Registered r = handlers.get(topic);
        return r == null || r.inline() ? null : r.handler();
    }

    /** The registration of {@code topic}, inline or not, or null. */
    public Registered registration(String topic) {
        return handlers.get(topic);
    }
}

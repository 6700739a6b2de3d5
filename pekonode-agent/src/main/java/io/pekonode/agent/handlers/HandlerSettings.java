package io.pekonode.agent.handlers;

import java.time.Duration;
import java.util.List;

/**
 * The agent's handler flags.
 *
 * @param eventHandlers  user-event handlers from {@code --event-handler}, in flag order
 * @param queryHandlers  {@code --query-handler} specs (and {@code --event-handler query:NAME=...})
 * @param timeout        how long a command may run before it is killed
 * @param concurrency    commands running at once at most
 * @param queueCapacity  commands waiting for a slot at most; more are dropped and counted
 * @param maxOutputBytes stdout kept per command (a query's response)
 * @param membershipHandlers membership handlers from {@code --event-handler member-...=...}
 */
public record HandlerSettings(List<HandlerSpec> eventHandlers, List<HandlerSpec> queryHandlers, Duration timeout,
                              int concurrency, int queueCapacity, int maxOutputBytes,
                              List<MembershipHandler> membershipHandlers) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_QUEUE = 64;
    public static final int DEFAULT_MAX_OUTPUT = 64 * 1024;

    /** Settings without membership handlers. */
    public HandlerSettings(List<HandlerSpec> eventHandlers, List<HandlerSpec> queryHandlers, Duration timeout,
                           int concurrency, int queueCapacity, int maxOutputBytes) {
        this(eventHandlers, queryHandlers, timeout, concurrency, queueCapacity, maxOutputBytes, List.of());
    }

    public HandlerSettings {
        eventHandlers = List.copyOf(eventHandlers);
        queryHandlers = List.copyOf(queryHandlers);
        membershipHandlers = List.copyOf(membershipHandlers);
        if (concurrency < 1 || queueCapacity < 0 || maxOutputBytes < 0) {
            throw new IllegalArgumentException("handler concurrency must be >= 1 (was " + concurrency
                    + "), queue and output limits >= 0");
        }
        Handlers.checkQueryHandlers(queryHandlers);
    }

    public static HandlerSettings none() {
        return new HandlerSettings(List.of(), List.of(), DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY, DEFAULT_QUEUE,
                DEFAULT_MAX_OUTPUT);
    }

    public boolean any() {
        return !eventHandlers.isEmpty() || !queryHandlers.isEmpty() || !membershipHandlers.isEmpty();
    }
}

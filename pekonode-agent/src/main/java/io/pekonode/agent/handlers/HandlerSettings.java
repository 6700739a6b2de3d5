package io.pekonode.agent.handlers;

import java.time.Duration;
import java.util.List;

/**
 * The agent's handler flags.
 *
 * @param eventHandlers  {@code --event-handler} specs, in flag order
 * @param queryHandlers  {@code --query-handler} specs
 * @param timeout        how long a command may run before it is killed
 * @param concurrency    commands running at once at most
 * @param queueCapacity  commands waiting for a slot at most; more are dropped and counted
 * @param maxOutputBytes stdout kept per command (a query's response)
 */
public record HandlerSettings(List<HandlerSpec> eventHandlers, List<HandlerSpec> queryHandlers, Duration timeout,
                              int concurrency, int queueCapacity, int maxOutputBytes) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_QUEUE = 64;
    public static final int DEFAULT_MAX_OUTPUT = 64 * 1024;

    public HandlerSettings {
        eventHandlers = List.copyOf(eventHandlers);
        queryHandlers = List.copyOf(queryHandlers);
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
        return !eventHandlers.isEmpty() || !queryHandlers.isEmpty();
    }
}

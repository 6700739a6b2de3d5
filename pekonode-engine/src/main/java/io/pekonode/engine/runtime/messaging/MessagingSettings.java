package io.pekonode.engine.runtime.messaging;

/**
 * Runtime-only messaging options, set on {@code PekoNode.Builder}.
 *
 * @param handlerThreads       threads that run message handlers and query callbacks (default 4)
 * @param handlerQueueCapacity handler runs that may wait for a thread (default 1,000); beyond that
 *                             requests are answered "overloaded" and sends and queries dropped
 */
public record MessagingSettings(int handlerThreads, int handlerQueueCapacity) {

    public MessagingSettings {
        if (handlerThreads < 1) {
            throw new IllegalArgumentException("handlerThreads must be >= 1: " + handlerThreads);
        }
        if (handlerQueueCapacity < 1) {
            throw new IllegalArgumentException("handlerQueueCapacity must be >= 1: " + handlerQueueCapacity);
        }
    }

    public static MessagingSettings defaults() {
        return new MessagingSettings(4, 1_000);
    }
}

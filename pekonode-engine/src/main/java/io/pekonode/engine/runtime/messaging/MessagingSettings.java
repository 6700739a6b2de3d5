package io.pekonode.engine.runtime.messaging;

/**
 * Runtime-only messaging options, set on {@code PekoNode.Builder}.
 *
 * @param handlerThreads       threads that run message handlers and query callbacks (default 4)
 * @param handlerQueueCapacity handler runs that may wait for a thread (default 1,000); beyond that
 *                             requests are answered "overloaded" and sends and queries dropped
 */
public record MessagingSettings(int handlerThreads, int handlerQueueCapacity) {

    /** A few threads: handlers are expected to be short, and a slow one should not stall the others. */
    public static final int DEFAULT_HANDLER_THREADS = 4;
    /** A burst of a thousand messages waits; beyond that the node sheds load instead of queueing. */
    public static final int DEFAULT_HANDLER_QUEUE_CAPACITY = 1_000;

    public MessagingSettings {
        if (handlerThreads < 1) {
            throw new IllegalArgumentException("handlerThreads must be >= 1: " + handlerThreads);
        }
        if (handlerQueueCapacity < 1) {
            throw new IllegalArgumentException("handlerQueueCapacity must be >= 1: " + handlerQueueCapacity);
        }
    }

    public static MessagingSettings defaults() {
        return new MessagingSettings(DEFAULT_HANDLER_THREADS, DEFAULT_HANDLER_QUEUE_CAPACITY);
    }
}

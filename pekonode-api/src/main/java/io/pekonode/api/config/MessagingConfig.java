package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How this node runs message handlers and delivers user events. Handlers
 * ({@link io.pekonode.api.Cluster#handle}) and query {@code onResponse} callbacks run on a small
 * bounded pool, never on the protocol thread. Sizes of events and messages are bounded in
 * {@link LimitsConfig}. The {@link Builder} setters state each setting's trade-off.
 *
 * @param handlerThreads       threads that run handlers and query callbacks (default 4)
 * @param handlerQueueCapacity handler runs that may wait for a thread (default 1,000)
 * @param eventCoalesceWindow  how long coalescable user events of one name are held (default 1 s)
 */
public record MessagingConfig(int handlerThreads, int handlerQueueCapacity, Duration eventCoalesceWindow) {

    /** @throws IllegalArgumentException for a value out of range */
    public MessagingConfig {
        atLeast(handlerThreads, 1, "handlerThreads");
        atLeast(handlerQueueCapacity, 1, "handlerQueueCapacity");
        positive(eventCoalesceWindow, "eventCoalesceWindow");
    }

    /** The defaults. */
    public static MessagingConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link MessagingConfig}; starts from the defaults. */
    public static final class Builder {
        private int handlerThreads = 4;
        private int handlerQueueCapacity = 1_000;
        private Duration eventCoalesceWindow = Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(MessagingConfig c) {
            handlerThreads = c.handlerThreads;
            handlerQueueCapacity = c.handlerQueueCapacity;
            eventCoalesceWindow = c.eventCoalesceWindow;
        }

        /**
         * Threads that run message handlers and query {@code onResponse} callbacks, created on demand
         * and stopped at close. Handlers are expected to be short; more threads keep one slow handler
         * from stalling the others, at the cost of threads. Default 4.
         */
        public Builder handlerThreads(int threads) {
            this.handlerThreads = threads;
            return this;
        }

        /**
         * Handler runs that may wait for a free handler thread. When full, requests are answered with
         * {@link io.pekonode.api.messaging.RemoteHandlerException} ("overloaded"), and one-way messages
         * and query responses are dropped; all are counted, the event loop never waits. Larger absorbs
         * longer bursts at the cost of memory and latency. Default 1,000.
         */
        public Builder handlerQueueCapacity(int capacity) {
            this.handlerQueueCapacity = capacity;
            return this;
        }

        /**
         * How long a receiver holds coalescable user events of one name to collapse a burst into the
         * newest one. Longer collapses more, and delays each such event by up to that long. Default 1 s.
         */
        public Builder eventCoalesceWindow(Duration d) {
            this.eventCoalesceWindow = d;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link MessagingConfig} constructor */
        public MessagingConfig build() {
            return new MessagingConfig(handlerThreads, handlerQueueCapacity, eventCoalesceWindow);
        }
    }
}

package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.notNegative;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How the node joins, waits for its own event loop, and leaves. The {@link Builder} setters state
 * each setting's trade-off.
 *
 * @param bootstrap         whether the node may run as a cluster of one while no seed answers (default true)
 * @param joinRetryInitial  first delay between join attempts while no seed answers (default 1 s)
 * @param joinRetryMax      longest delay between join attempts (default 30 s)
 * @param commandTimeout    how long blocking calls wait for the event loop (default 10 s)
 * @param closeLeaveTimeout how long {@code close()} waits for its leave to spread (default 1 s)
 */
public record LifecycleConfig(boolean bootstrap, Duration joinRetryInitial, Duration joinRetryMax,
                              Duration commandTimeout, Duration closeLeaveTimeout) {

    /** @throws IllegalArgumentException for a duration out of range */
    public LifecycleConfig {
        positive(joinRetryInitial, "joinRetryInitial");
        positive(joinRetryMax, "joinRetryMax");
        positive(commandTimeout, "commandTimeout");
        notNegative(closeLeaveTimeout, "closeLeaveTimeout");
    }

    /** The defaults. */
    public static LifecycleConfig defaults() {
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

    /** Mutable builder of {@link LifecycleConfig}; starts from the defaults. */
    public static final class Builder {
        private boolean bootstrap = true;
        private Duration joinRetryInitial = Duration.ofSeconds(1);
        private Duration joinRetryMax = Duration.ofSeconds(30);
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Duration closeLeaveTimeout = Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(LifecycleConfig c) {
            bootstrap = c.bootstrap;
            joinRetryInitial = c.joinRetryInitial;
            joinRetryMax = c.joinRetryMax;
            commandTimeout = c.commandTimeout;
            closeLeaveTimeout = c.closeLeaveTimeout;
        }

        /**
         * Whether this node may consider itself a cluster of one when no seed answers. Either way it
         * keeps retrying its seeds with backoff; without it, the node reports itself unhealthy and
         * warns until a seed answers, which suits nodes that must never form a cluster of their own.
         * Default true.
         */
        public Builder bootstrap(boolean value) {
            this.bootstrap = value;
            return this;
        }

        /**
         * First delay between join attempts while no seed answers; doubles with jitter up to
         * {@link #joinRetryMax}. Also the first delay before retrying members that just failed (those
         * retries double up to the push-pull interval). Shorter joins sooner after a seed comes up, at
         * the cost of attempts against a seed that is down. Default 1 s.
         */
        public Builder joinRetryInitial(Duration d) {
            this.joinRetryInitial = d;
            return this;
        }

        /**
         * Longest delay between join attempts while no seed answers. Shorter joins sooner after a long
         * outage of the seeds, at the cost of more attempts during it. Default 30 s.
         */
        public Builder joinRetryMax(Duration d) {
            this.joinRetryMax = d;
            return this;
        }

        /**
         * How long blocking calls ({@code publish}, {@code remove}, {@code updateTags},
         * {@code broadcast}, {@code query}, {@code stop}, {@code resume}) wait for the event loop before
         * failing with {@link io.pekonode.api.NodeTimeoutException}. A command waits behind at most one
         * loop turn (milliseconds), so reaching it means the loop is stuck. Default 10 s.
         */
        public Builder commandTimeout(Duration d) {
            this.commandTimeout = d;
            return this;
        }

        /**
         * How long {@code close()} waits for the node's leave to spread, so others report it as left
         * rather than failed. Longer reaches more of a large cluster; shorter closes faster (a shutdown
         * hook may be in a hurry). Zero still announces the leave but does not wait for it. Default 1 s.
         */
        public Builder closeLeaveTimeout(Duration d) {
            this.closeLeaveTimeout = d;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link LifecycleConfig} constructor */
        public LifecycleConfig build() {
            return new LifecycleConfig(bootstrap, joinRetryInitial, joinRetryMax, commandTimeout, closeLeaveTimeout);
        }
    }
}

package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How a node with a data directory ({@code PekoNode.Builder.dataDirectory}) saves its state; without
 * one nothing is saved and these settings do nothing.
 *
 * @param stateSaveInterval the shortest time between two state saves while something changes (default 1 s)
 */
public record PersistenceConfig(Duration stateSaveInterval) {

    /** @throws IllegalArgumentException for an interval that is not positive */
    public PersistenceConfig {
        positive(stateSaveInterval, "stateSaveInterval");
    }

    /** The defaults. */
    public static PersistenceConfig defaults() {
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

    /** Mutable builder of {@link PersistenceConfig}; starts from the defaults. */
    public static final class Builder {
        private Duration stateSaveInterval = Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(PersistenceConfig c) {
            stateSaveInterval = c.stateSaveInterval;
        }

        /**
         * The shortest time between two state saves while something changes; a node that changes
         * nothing skips its saves. A restart loses at most this much of the latest changes; shorter
         * writes the disk more often. Default 1 s.
         */
        public Builder stateSaveInterval(Duration interval) {
            this.stateSaveInterval = interval;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link PersistenceConfig} constructor */
        public PersistenceConfig build() {
            return new PersistenceConfig(stateSaveInterval);
        }
    }
}

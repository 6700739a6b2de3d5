package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How replicas are repaired and how long removals are remembered. Every {@code pushPullInterval}
 * the node exchanges its full state (members and metadata digests) with one random member, which
 * repairs whatever gossip missed and merges healed partitions. Dead members and deleted keys stay as
 * tombstones for a while, so that such an exchange with a node that was away cannot bring them back.
 * The {@link Builder} setters state each setting's trade-off.
 *
 * @param pushPullInterval           time between full-state exchanges (default 30 s; scaled up past 32 members)
 * @param deadMemberRetention        how long dead and left members are kept as tombstones (default 1 h)
 * @param metadataTombstoneRetention how long deleted metadata keys are kept as tombstones (default 24 h)
 */
public record AntiEntropyConfig(Duration pushPullInterval, Duration deadMemberRetention,
                                Duration metadataTombstoneRetention) {

    /** @throws IllegalArgumentException for a duration that is not positive */
    public AntiEntropyConfig {
        positive(pushPullInterval, "pushPullInterval");
        positive(deadMemberRetention, "deadMemberRetention");
        positive(metadataTombstoneRetention, "metadataTombstoneRetention");
    }

    /** The LAN defaults. */
    public static AntiEntropyConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the LAN defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link AntiEntropyConfig}; starts from the LAN defaults. */
    public static final class Builder {
        private Duration pushPullInterval = Duration.ofSeconds(30);
        private Duration deadMemberRetention = Duration.ofHours(1);
        private Duration metadataTombstoneRetention = Duration.ofHours(24);

        private Builder() {
        }

        private Builder(AntiEntropyConfig c) {
            pushPullInterval = c.pushPullInterval;
            deadMemberRetention = c.deadMemberRetention;
            metadataTombstoneRetention = c.metadataTombstoneRetention;
        }

        /**
         * Full-state exchange with one random member. Repairs whatever gossip missed and merges healed
         * partitions; shorter repairs faster but costs a state transfer each time. Past 32 members the
         * interval is scaled up with N, as memberlist does, so sync traffic per node stays flat.
         * Default 30 s.
         */
        public Builder pushPullInterval(Duration d) {
            this.pushPullInterval = d;
            return this;
        }

        /**
         * How long dead and left members stay as tombstones before they are forgotten. Longer blocks
         * stale gossip from reviving them over longer partitions, at the cost of memory per departed
         * member. Default 1 h.
         */
        public Builder deadMemberRetention(Duration d) {
            this.deadMemberRetention = d;
            return this;
        }

        /**
         * How long a deleted key's tombstone is kept (the GC horizon). It must outlast the longest
         * partition you expect, or a node returning after it can resurrect the key. Default 24 h.
         */
        public Builder metadataTombstoneRetention(Duration d) {
            this.metadataTombstoneRetention = d;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link AntiEntropyConfig} constructor */
        public AntiEntropyConfig build() {
            return new AntiEntropyConfig(pushPullInterval, deadMemberRetention, metadataTombstoneRetention);
        }
    }
}

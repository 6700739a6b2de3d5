package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;
import static io.pekonode.api.config.Checks.notNegative;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How news spreads: every {@code interval} the node sends its queued rumors (membership changes,
 * metadata writes, user events, queries) to {@code fanout} random members, and each rumor is sent a
 * bounded number of times, so idle traffic does not grow with the cluster. Rumors also ride on probes
 * and acks. The defaults are memberlist's LAN profile; the {@link Builder} setters state each
 * setting's trade-off.
 *
 * @param interval             time between gossip rounds (default 200 ms)
 * @param fanout               members gossiped to per round (default 3)
 * @param retransmitMultiplier scales how often each rumor is sent (default 4)
 * @param toDeadTime           how long dead members still get gossip (default 30 s)
 */
public record GossipConfig(Duration interval, int fanout, int retransmitMultiplier, Duration toDeadTime) {

    /** @throws IllegalArgumentException for a value out of range */
    public GossipConfig {
        positive(interval, "gossip interval");
        atLeast(fanout, 1, "gossip fanout");
        atLeast(retransmitMultiplier, 1, "retransmitMultiplier");
        notNegative(toDeadTime, "gossip toDeadTime");
    }

    /** The LAN defaults. */
    public static GossipConfig defaults() {
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

    /** Mutable builder of {@link GossipConfig}; starts from the LAN defaults. */
    public static final class Builder {
        private Duration interval = Duration.ofMillis(200);
        private int fanout = 3;
        private int retransmitMultiplier = 4;
        private Duration toDeadTime = Duration.ofSeconds(30);

        private Builder() {
        }

        private Builder(GossipConfig c) {
            interval = c.interval;
            fanout = c.fanout;
            retransmitMultiplier = c.retransmitMultiplier;
            toDeadTime = c.toDeadTime;
        }

        /**
         * How often queued rumors are sent to {@link #fanout} random members (Go's Cycle, there 6 s).
         * Shorter spreads news sooner and sends more packets while there is news; a round with nothing
         * queued sends nothing. Also sets the default query timeout. Default 200 ms.
         */
        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        /** Members gossiped to per round (Go's Amount). More spreads news faster and costs traffic. Default 3. */
        public Builder fanout(int n) {
            this.fanout = n;
            return this;
        }

        /**
         * Each rumor is sent {@code retransmitMultiplier x max(3, ceil(log10(N + 1)))} times, then
         * dropped. Higher is more robust to loss; lower keeps queues short. Idle traffic does not
         * depend on it. Default 4.
         */
        public Builder retransmitMultiplier(int n) {
            this.retransmitMultiplier = n;
            return this;
        }

        /**
         * Keep gossiping to members for this long after they died (memberlist's GossipToTheDeadTime),
         * so a member declared dead by mistake hears of it and refutes. Longer catches longer stalls,
         * at the cost of packets to members that are really gone. Zero stops as soon as they die.
         * Default 30 s.
         */
        public Builder toDeadTime(Duration d) {
            this.toDeadTime = d;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link GossipConfig} constructor */
        public GossipConfig build() {
            return new GossipConfig(interval, fanout, retransmitMultiplier, toDeadTime);
        }
    }
}

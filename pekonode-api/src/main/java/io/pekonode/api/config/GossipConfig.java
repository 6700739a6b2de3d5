package io.pekonode.api.config;

import static io.pekonode.api.config.Checks.atLeast;
import static io.pekonode.api.config.Checks.notNegative;
import static io.pekonode.api.config.Checks.positive;

import java.time.Duration;

/**
 * How news spreads: every {@code interval} the node sends its queued rumors (membership changes,
 * metadata writes, user events, queries) to {@code fanout} random members, and each rumor is sent a
 * bounded number of times, so idle traffic does not grow with the cluster. Rumors also ride on probes
 * and acks. With {@code eagerPush} (the default) news does not wait for the next round: a node
 * pushes a rumor at once when it creates it or first hears it, so news crosses the cluster in a few
 * network latencies; the rounds then repair what the push missed. The defaults are memberlist's LAN
 * profile plus eager push; the {@link Builder} setters state each setting's trade-off.
 *
 * @param interval             time between gossip rounds (default 200 ms)
 * @param fanout               members gossiped to per round (default 3)
 * @param retransmitMultiplier scales how often each rumor is sent (default 4)
 * @param toDeadTime           how long dead members still get gossip (default 30 s)
 * @param eagerPush            push new rumors at once instead of at the next round (default true)
 */
public record GossipConfig(Duration interval, int fanout, int retransmitMultiplier, Duration toDeadTime,
                           boolean eagerPush) {

    /** @throws IllegalArgumentException for a value out of range */
    public GossipConfig {
        positive(interval, "gossip interval");
        atLeast(fanout, 1, "gossip fanout");
        atLeast(retransmitMultiplier, 1, "retransmitMultiplier");
        notNegative(toDeadTime, "gossip toDeadTime");
    }

    /** The settings with eager push on (the default). */
    public GossipConfig(Duration interval, int fanout, int retransmitMultiplier, Duration toDeadTime) {
        this(interval, fanout, retransmitMultiplier, toDeadTime, true);
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
        private boolean eagerPush = true;

        private Builder() {
        }

        private Builder(GossipConfig c) {
            interval = c.interval;
            fanout = c.fanout;
            retransmitMultiplier = c.retransmitMultiplier;
            toDeadTime = c.toDeadTime;
            eagerPush = c.eagerPush;
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

        /**
         * Push a rumor at once when this node creates it or first hears it, to a few random live
         * members, instead of holding it until the next round; each hop then costs one network latency
         * rather than up to one {@link #interval}. The push spends most of the rumor's bounded
         * transmits (see {@link #retransmitMultiplier}) at once; one fanout is added to the bound so
         * that two rounds still follow as repair: about 1.25x the bytes per rumor at 100 members. It
         * is rate-bounded per interval, and past the bound news waits a little or for the round.
         * Off: news moves only with the rounds (and on probes). Default on.
         */
        public Builder eagerPush(boolean on) {
            this.eagerPush = on;
            return this;
        }

        /** @throws IllegalArgumentException as the {@link GossipConfig} constructor */
        public GossipConfig build() {
            return new GossipConfig(interval, fanout, retransmitMultiplier, toDeadTime, eagerPush);
        }
    }
}

package io.pekonode.engine.core.gossip;

/**
 * When an eager push is due, and whether the rate bound lets it go now: news is due once per arrival
 * (a change of {@link BroadcastQueue#enqueued()}), and pushes come from a token bucket.
 *
 * <p>Why a bucket: news arrives with the input, not with the clock, so without a bound a node hearing
 * a stream of distinct rumors (a join storm, writes from all over the cluster) would push once per
 * arrival. The bucket holds {@code pushesPerInterval} tokens and refills at that many per gossip
 * interval; each push takes one. So a node pushes at most {@code pushesPerInterval} times per interval
 * (plus the bucket's initial fill), however much news arrives, and news arriving with the bucket
 * empty waits for a token, then goes out in one push with everything else that arrived meanwhile
 * (or with the next round, if that comes first). Bytes per rumor are bounded anyway: every packet
 * counts a transmit against each rumor it carries; the bucket bounds the packet rate.
 */
final class EagerPush {
    private final double pushesPerInterval;
    private final double tokensPerMilli;
    private double tokens;
    private long refilledAt;
    /** {@link BroadcastQueue#enqueued()} when news was last pushed or sent by a round. */
    private long seen;

    EagerPush(int pushesPerInterval, long intervalMillis, long nowMillis) {
        this.pushesPerInterval = pushesPerInterval;
        this.tokensPerMilli = pushesPerInterval / (double) Math.max(1, intervalMillis);
        this.tokens = pushesPerInterval;
        this.refilledAt = nowMillis;
    }

    /** True when news was queued since it was last pushed or gossiped. */
    boolean due(BroadcastQueue queue) {
        return queue.enqueued() != seen;
    }

    /** Marks the news queued so far as sent (pushed, gossiped by a round, or not to be pushed). */
    void handled(BroadcastQueue queue) {
        seen = queue.enqueued();
    }

    /** Takes a token for one push; false when the bucket is empty. */
    boolean acquire(long now) {
        refill(now);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** When a push may go: {@code now} when a token is there, else when the next one is back. */
    long nextPushMillis(long now) {
        refill(now);
        if (tokens >= 1) {
            return now;
        }
        return now + Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerMilli));
    }

    private void refill(long now) {
        if (now > refilledAt) {
            tokens = Math.min(pushesPerInterval, tokens + (now - refilledAt) * tokensPerMilli);
            refilledAt = now;
        }
    }
}

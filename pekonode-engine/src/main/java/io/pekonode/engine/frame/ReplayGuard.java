package io.pekonode.engine.frame;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Refuses authenticated frames that are too old, too far in the future, or already seen.
 *
 * <p>A frame is fresh when its sender timestamp is within {@code ±window} of the local wall clock.
 * Nonces of fresh frames are remembered until their own timestamp falls out of the window, after
 * which the window check alone refuses a replay. So the cache only has to hold one window's worth
 * of frames: {@code capacity / window} is the sustained frame rate it covers (65,536 entries over
 * 60 s is about 1,100 authenticated frames per second per node, far above what gossip needs).
 *
 * <p><b>When the cache is full</b> it forgets the nonce with the oldest timestamp and raises a
 * floor to that timestamp; frames at or below the floor are refused as
 * {@link FrameException.Reason#REPLAY_CACHE_FULL} because they can no longer be told apart from a
 * replay. This fails closed: no replay is ever accepted, and under a sustained rate above what the
 * cache covers the effective window shrinks to the newest frames instead of growing memory. Only
 * frames that passed authentication reach this class, so only key holders can fill it.
 *
 * <p>Thread-safe (frames are opened on several transport threads); the lock is held for a hash
 * lookup and a heap operation, small next to the AES-GCM work that precedes it.
 */
final class ReplayGuard {

    private final long windowMillis;
    private final int capacity;
    private final LongSupplier wallMillis;
    private final Set<Seen> seen = new HashSet<>();
    private final PriorityQueue<Seen> byTimestamp = new PriorityQueue<>((a, b) -> Long.compare(a.timestamp, b.timestamp));
    private long floor = Long.MIN_VALUE;

    ReplayGuard(Duration window, int capacity, LongSupplier wallMillis) {
        this.windowMillis = window.toMillis();
        this.capacity = capacity;
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        if (windowMillis <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("replay window and cache size must be positive");
        }
    }

    /**
     * Admits the frame whose sender timestamp is {@code timestamp} and whose 12-byte nonce starts at
     * {@code nonceOffset} of {@code frame}, remembering its nonce.
     *
     * @throws FrameException OUTSIDE_WINDOW, REPLAYED or REPLAY_CACHE_FULL
     */
    void admit(long timestamp, byte[] frame, int nonceOffset) throws FrameException {
        long now = wallMillis.getAsLong();
        long skew = timestamp - now;
        if (skew > windowMillis || skew < -windowMillis) {
            throw new FrameException(FrameException.Reason.OUTSIDE_WINDOW, String.format(
                    "sender timestamp is %+d ms from this node's clock, outside the ±%d ms replay window"
                            + " (an old replay, or clocks that need NTP)", skew, windowMillis));
        }
        ByteBuffer nonce = ByteBuffer.wrap(frame, nonceOffset, SealedFrames.NONCE_BYTES);
        Seen entry = new Seen(nonce.getLong(), nonce.getInt(), timestamp);
        synchronized (this) {
            forgetOlderThan(now - windowMillis);
            if (timestamp <= floor) {
                throw new FrameException(FrameException.Reason.REPLAY_CACHE_FULL,
                        "frame older than the oldest nonce the full replay cache (" + capacity + " entries) remembers");
            }
            if (!seen.add(entry)) {
                throw new FrameException(FrameException.Reason.REPLAYED, "nonce already seen within the replay window");
            }
            byTimestamp.add(entry);
            if (seen.size() > capacity) {
                Seen oldest = byTimestamp.poll();
                seen.remove(oldest);
                floor = Math.max(floor, oldest.timestamp);
            }
        }
    }

    /** Nonces currently remembered. */
    synchronized int size() {
        return seen.size();
    }

    private void forgetOlderThan(long oldestFresh) {
        while (!byTimestamp.isEmpty() && byTimestamp.peek().timestamp < oldestFresh) {
            seen.remove(byTimestamp.poll());
        }
    }

    /** A nonce (equality on the nonce only) and the timestamp it came with. */
    private static final class Seen {
        final long high;
        final int low;
        final long timestamp;

        Seen(long high, int low, long timestamp) {
            this.high = high;
            this.low = low;
            this.timestamp = timestamp;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.high == high && s.low == low;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(high) * 31 + low;
        }
    }
}

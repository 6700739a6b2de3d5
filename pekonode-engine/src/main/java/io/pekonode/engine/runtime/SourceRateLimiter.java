package io.pekonode.engine.runtime;

import com.google.common.cache.Cache;
import com.google.common.base.Ticker;
import com.google.common.cache.CacheBuilder;
import io.pekonode.api.config.LimitsConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per source IP address, checked before a received frame is opened or decoded, so a
 * flood from one host costs a hash lookup per packet and cannot take the decoding CPU or the event
 * loop's queue from the other hosts.
 *
 * <p>Keyed by IP, not IP and port: a flooder can pick any source port, but not (without spoofing)
 * any address. Nodes sharing a host (several agents on 127.0.0.1) share a bucket, which is why the
 * default is far above what gossip needs: a node receives a few tens of frames per second from all
 * its peers together at any cluster size (each peer sends to a fanout of random members per gossip
 * interval, plus probes), so the default of {@value LimitsConfig#DEFAULT_INBOUND_RATE_LIMIT} frames/s
 * per host with a one-second burst leaves a wide margin while cutting a single-host flood of 100,000
 * packets/s by 98 %.
 *
 * <p>Not covered: a flood with spoofed, random source addresses spreads over many buckets (each
 * sees little); the bounded inbound queue, the cheap header checks and AES-GCM's fast rejection are
 * what bound that. A spoofer can also spend a real member's bucket; SWIM's indirect probes, which
 * come from other members' addresses, keep that member from being declared dead.
 *
 * <p>The table holds at most {@value #MAX_SOURCES} hosts and forgets one idle for a minute, so
 * spoofed sources cannot grow memory. Thread-safe; called on transport threads.
 *
 * <p>The rate is a setting ({@link LimitsConfig#inboundRateLimit()}); without one the check is off,
 * for nodes behind a trusted proxy that funnels many members through one address.
 */
final class SourceRateLimiter {

    static final int MAX_SOURCES = 4_096;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    /** Null when the limit is off. */
    private final Cache<Object, Bucket> buckets;

    private SourceRateLimiter() {
        this.perNano = 0;
        this.burst = 0;
        this.nanos = System::nanoTime;
        this.buckets = null;
    }

    SourceRateLimiter(double framesPerSecond, double burst, LongSupplier nanos) {
        if (!(framesPerSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.perNano = framesPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.nanos = nanos;
        // The idle expiry runs on the buckets' clock, so both follow the same time (System.nanoTime in production).
        this.buckets = CacheBuilder.newBuilder().maximumSize(MAX_SOURCES)
                .expireAfterAccess(Duration.ofMinutes(1)).ticker(new Ticker() {
                    @Override
                    public long read() {
                        return nanos.getAsLong();
                    }
                }).build();
    }

    /** The default limit, {@value LimitsConfig#DEFAULT_INBOUND_RATE_LIMIT} frames/s per host, bursts of as many. */
    static SourceRateLimiter defaults() {
        return perSecond(LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT);
    }

    /** {@code limit} frames per second per host with a one-second burst; none lets everything through. */
    static SourceRateLimiter of(OptionalInt limit) {
        return limit.isPresent() ? perSecond(limit.getAsInt()) : new SourceRateLimiter();
    }

    /**
     * {@code framesPerSecond} per host with a one-second burst; 0 lets everything through.
     *
     * @throws IllegalArgumentException for a negative rate
     */
    static SourceRateLimiter perSecond(int framesPerSecond) {
        if (framesPerSecond < 0) {
            throw new IllegalArgumentException("inbound rate limit must be 0 (off) or positive, not " + framesPerSecond);
        }
        return framesPerSecond == 0 ? new SourceRateLimiter()
                : new SourceRateLimiter(framesPerSecond, framesPerSecond, System::nanoTime);
    }

    /** Hosts the table holds now, after dropping expired ones: at most {@link #MAX_SOURCES} (testing). */
    long trackedSources() {
        if (buckets == null) {
            return 0;
        }
        buckets.cleanUp();
        return buckets.size();
    }

    /** True when a frame from {@code source} may be processed now; false when its host is over its rate. */
    boolean tryAcquire(InetSocketAddress source) {
        if (buckets == null) {
            return true;
        }
        Object key = source == null ? "unknown"
                : source.isUnresolved() || source.getAddress() == null ? source.getHostString() : source.getAddress();
        return buckets.asMap().computeIfAbsent(key, k -> new Bucket(burst, nanos.getAsLong())).take(nanos.getAsLong());
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(long now) {
            if (now > last) {
                tokens = Math.min(burst, tokens + (now - last) * perNano);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}

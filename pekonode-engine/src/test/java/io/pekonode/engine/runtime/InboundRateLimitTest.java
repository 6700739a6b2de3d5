package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.engine.frame.ChecksumFrames;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.plugin.PluginKind;
import io.pekonode.engine.plugin.PluginLocator;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood from one host is cut off before decoding; the other hosts keep getting through. */
class InboundRateLimitTest {

    private static final InetSocketAddress FLOODER = new InetSocketAddress("10.0.0.66", 7946);
    private static final InetSocketAddress FLOODER_OTHER_PORT = new InetSocketAddress("10.0.0.66", 40_000);
    private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.2", 7946);

    private final AtomicLong nanos = new AtomicLong();
    private final ChecksumFrames frames = new ChecksumFrames();
    private final Codec codec = PluginLocator.standard().select(PluginKind.CODEC, "json", List.of()).create(DecodeLimits.defaults());
    private final EngineMetrics metrics = new EngineMetrics();
    private final Mailbox mailbox = new Mailbox(100_000);
    private final InboundHandler handler = new InboundHandler(frames, codec, mailbox, metrics,
            new SourceRateLimiter(100, 50, nanos::get));

    private byte[] valid(String from, long seq) {
        return frames.seal(codec.encode(new Nack(new Origin(from, new NodeAddress("10.0.0.9", 7946)), seq)));
    }

    @Test
    void aFloodFromOneHostDoesNotStarveAnother() {
        byte[] junk = "flood flood flood".getBytes();
        int legitSent = 0;
        // One simulated second: the flooder sends 10,000 frames (junk and valid ones, from two ports),
        // the peer 50 interleaved with them (under the 100/s limit).
        for (int tick = 0; tick < 10_000; tick++) {
            nanos.addAndGet(TimeUnit.MICROSECONDS.toNanos(100));
            handler.onPacket(tick % 2 == 0 ? junk : valid("flooder", tick), tick % 3 == 0 ? FLOODER_OTHER_PORT : FLOODER);
            if (tick % 200 == 0) {
                handler.onPacket(valid("peer", tick), PEER);
                legitSent++;
            }
        }
        long peerDelivered = 0;
        long flooderDelivered = 0;
        for (Inbound in = mailbox.pollMessage(); in != null; in = mailbox.pollMessage()) {
            if (in.message().origin().nodeId().equals("peer")) {
                peerDelivered++;
            } else {
                flooderDelivered++;
            }
        }
        assertEquals(legitSent, peerDelivered, "every frame of the other host got through");
        long flooderAdmitted = 10_000 - metrics.droppedCount(DropReason.RATE_LIMITED);
        // Burst of 50 plus 100/s over 1 s: about 150 admitted (some junk, some valid), the rest cut off.
        assertTrue(flooderAdmitted >= 140 && flooderAdmitted <= 160, "flooder admitted " + flooderAdmitted);
        assertTrue(flooderDelivered <= flooderAdmitted && flooderDelivered > 0, "flooder delivered " + flooderDelivered);
        assertEquals(flooderAdmitted - flooderDelivered, metrics.droppedCount("frame_bad_magic"), "admitted junk is still checked");
    }

    @Test
    void theBucketRefillsAtItsRate() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, nanos::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(PEER), "burst " + i);
        }
        assertFalse(limiter.tryAcquire(PEER));
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertTrue(limiter.tryAcquire(PEER), "one token per 100 ms");
        assertFalse(limiter.tryAcquire(PEER));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(PEER), "refilled to the burst, not beyond: " + i);
        }
        assertFalse(limiter.tryAcquire(PEER));
        assertTrue(limiter.tryAcquire(InetSocketAddress.createUnresolved("in-memory-node", 1)), "unresolved sources have buckets too");
    }

    @Test
    void aLimitOfZeroIsOffAndANegativeOneIsRejected() {
        SourceRateLimiter off = SourceRateLimiter.perSecond(0);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(off.tryAcquire(FLOODER), "frame " + i);
        }
        SourceRateLimiter three = SourceRateLimiter.perSecond(3);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            admitted += three.tryAcquire(FLOODER) ? 1 : 0;
        }
        assertTrue(admitted >= 3 && admitted < 10, "a one-second burst of 3, then ~3/s: " + admitted);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceRateLimiter.perSecond(-1));
        assertTrue(e.getMessage().contains("0 (off)"), e.getMessage());
    }

    /**
     * Spoofed source addresses each get a bucket, so the table of hosts is bounded: at most
     * {@link SourceRateLimiter#MAX_SOURCES}, the least recently seen forgotten first, and a host idle
     * for a minute forgotten anyway. Ten times that many spoofed hosts leave it at its bound.
     */
    @Test
    void theTableOfTrackedHostsStaysBoundedUnderSpoofedSourcesAndForgetsIdleOnes() {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 5, nanos::get);
        int spoofed = 10 * SourceRateLimiter.MAX_SOURCES;
        long most = 0;
        for (int i = 0; i < spoofed; i++) {
            InetSocketAddress source = new InetSocketAddress("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), 7946);
            assertTrue(limiter.tryAcquire(source), "a host never seen before starts with a full bucket");
            if (i % 997 == 0) {
                most = Math.max(most, limiter.trackedSources());
            }
        }
        most = Math.max(most, limiter.trackedSources());
        assertTrue(most <= SourceRateLimiter.MAX_SOURCES, "tracked " + most + " hosts, bound " + SourceRateLimiter.MAX_SOURCES);
        assertTrue(limiter.trackedSources() >= SourceRateLimiter.MAX_SOURCES / 2,
                "the bound is used, not a tiny table: " + limiter.trackedSources());

        // The host seen last is still tracked: its bucket has the 4 tokens its first frame left, not a new 5.
        int last = spoofed - 1;
        InetSocketAddress newest = new InetSocketAddress("10." + (last >> 16 & 0xff) + "." + (last >> 8 & 0xff) + "."
                + (last & 0xff), 7946);
        for (int k = 0; k < 4; k++) {
            assertTrue(limiter.tryAcquire(newest), "token " + (k + 2) + " of the burst");
        }
        assertFalse(limiter.tryAcquire(newest), "the bucket it had, not a fresh one");

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertEquals(0, limiter.trackedSources(), "every host idle for a minute is forgotten");
    }
}

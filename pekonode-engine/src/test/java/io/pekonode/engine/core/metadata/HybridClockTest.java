package io.pekonode.engine.core.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    private static final long T = 1_700_000_000_000L;
    private static final long HOUR = HybridClock.MAX_DRIFT_MILLIS;

    @Test
    void ticksFollowTheWallClockAndCountWithinOneMillisecond() {
        HybridClock clock = new HybridClock("a");
        assertEquals(new HlcTimestamp(T, 0, "a"), clock.tick(T));
        assertEquals(new HlcTimestamp(T, 1, "a"), clock.tick(T));
        assertEquals(new HlcTimestamp(T, 2, "a"), clock.tick(T));
        assertEquals(new HlcTimestamp(T + 5, 0, "a"), clock.tick(T + 5));
    }

    @Test
    void staysMonotonicWhenTheWallClockStepsBack() {
        HybridClock clock = new HybridClock("a");
        HlcTimestamp before = clock.tick(T);
        HlcTimestamp after = clock.tick(T - 60_000);
        assertTrue(after.isAfter(before));
        assertEquals(new HlcTimestamp(T, 1, "a"), after);
    }

    @Test
    void firstTickAtTimeZeroIsTheSmallestVersion() {
        assertEquals(new HlcTimestamp(0, 0, "a"), new HybridClock("a").tick(0));
    }

    @Test
    void tickAfterObservingIsAfterTheRemoteEvenWithAGreaterNodeId() {
        HybridClock clock = new HybridClock("a");
        HlcTimestamp remote = new HlcTimestamp(T + 30_000, 7, "zzz");
        clock.observe(remote, T);
        HlcTimestamp next = clock.tick(T);
        assertTrue(next.isAfter(remote), next + " must be after " + remote);
        assertEquals(new HlcTimestamp(T + 30_000, 8, "a"), next);
    }

    @Test
    void observingAnOlderTimestampDoesNotMoveTheClockBack() {
        HybridClock clock = new HybridClock("a");
        clock.tick(T);
        clock.tick(T);
        clock.observe(new HlcTimestamp(T, 0, "b"), T);
        clock.observe(new HlcTimestamp(T - 10, 99, "b"), T);
        assertEquals(new HlcTimestamp(T, 2, "a"), clock.tick(T));
    }

    @Test
    void followsATimestampExactlyAtTheDriftBound() {
        HybridClock clock = new HybridClock("a");
        HlcTimestamp remote = new HlcTimestamp(T + HOUR, 3, "b");
        clock.observe(remote, T);
        assertTrue(clock.tick(T).isAfter(remote));
        assertEquals(0, clock.ignoredObservations());
    }

    @Test
    void ignoresAndCountsTimestampsBeyondTheDriftBound() {
        HybridClock clock = new HybridClock("a");
        clock.observe(new HlcTimestamp(T + HOUR + 1, 0, "b"), T);
        clock.observe(new HlcTimestamp(Long.MAX_VALUE, 0, "b"), T);
        assertEquals(new HlcTimestamp(T, 0, "a"), clock.tick(T), "the clock must not be dragged to the future");
        assertEquals(2, clock.ignoredObservations());
    }

    @Test
    void logicalOverflowBorrowsAMillisecondInsteadOfWrapping() {
        HybridClock clock = new HybridClock("a");
        HlcTimestamp remote = new HlcTimestamp(T, Integer.MAX_VALUE, "b");
        clock.observe(remote, T);
        HlcTimestamp next = clock.tick(T);
        assertEquals(new HlcTimestamp(T + 1, 0, "a"), next);
        assertTrue(next.isAfter(remote));
        assertTrue(clock.tick(T).isAfter(next));
    }
}

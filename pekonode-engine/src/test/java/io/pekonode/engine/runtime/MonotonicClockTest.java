package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MonotonicClockTest {

    @Test
    void startsAtWallTimeAndNeverGoesBackward() {
        long before = System.currentTimeMillis();
        MonotonicClock clock = new MonotonicClock();
        long first = clock.millis();
        assertTrue(first >= before && first <= System.currentTimeMillis() + 1, "starts at wall time");
        long last = first;
        for (int i = 0; i < 100_000; i++) {
            long now = clock.millis();
            assertTrue(now >= last);
            last = now;
        }
    }

    @Test
    void isAnchoredAtItsOriginEvenIfTheWallClockWasFarOff() {
        MonotonicClock clock = new MonotonicClock(1_000L, System.nanoTime());
        long now = clock.millis();
        assertTrue(now >= 1_000L && now < 61_000L, "elapsed time only, no wall clock reads: " + now);
    }
}

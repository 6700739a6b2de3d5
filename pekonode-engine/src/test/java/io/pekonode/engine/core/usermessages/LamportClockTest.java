package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LamportClockTest {

    @Test
    void stampsIncreaseEvenWithinOneMillisecond() {
        LamportClock clock = new LamportClock();
        long a = clock.stamp(5);
        long b = clock.stamp(5);
        long c = clock.stamp(5);
        assertTrue(a < b && b < c, a + " " + b + " " + c);
    }

    @Test
    void aWitnessedTimePushesLaterStampsAboveIt() {
        LamportClock clock = new LamportClock();
        clock.stamp(10);
        clock.witness(1_000);
        assertEquals(1_001, clock.stamp(10));
        clock.witness(3); // older news changes nothing
        assertEquals(1_002, clock.stamp(10));
    }

    @Test
    void stampsNeverFallBelowTheWallClockSoARestartedNodeStampsAboveItsOldTimes() {
        LamportClock before = new LamportClock();
        long old = 0;
        for (int i = 0; i < 100; i++) {
            old = before.stamp(1_000 + i / 10); // 100 events over 10 ms, before a crash
        }
        LamportClock restarted = new LamportClock(); // the counter is gone, the id is not
        assertTrue(restarted.stamp(2_000) > old, "the restarted node's first event is above its last one");
    }

    @Test
    void theClockSaturatesInsteadOfWrapping() {
        LamportClock clock = new LamportClock();
        clock.witness(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, clock.stamp(0));
    }
}

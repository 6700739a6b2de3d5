package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

    @Test
    void anIdentityIsNewOnceThenADuplicate() {
        RecentIds ids = new RecentIds();
        assertEquals(SeenResult.NEW, ids.record("a", 7));
        assertEquals(SeenResult.DUPLICATE, ids.record("a", 7));
        assertEquals(SeenResult.NEW, ids.record("b", 7), "same time, another origin: another event");
        assertEquals(SeenResult.NEW, ids.record("a", 8));
        assertTrue(ids.seen("a", 7));
        assertFalse(ids.seen("a", 9));
    }

    @Test
    void outOfOrderArrivalsWithinTheWindowAreEachDeliveredOnce() {
        RecentIds ids = new RecentIds(16, 8);
        List<Long> times = new ArrayList<>();
        for (long t = 100; t < 116; t++) {
            times.add(t);
        }
        Collections.shuffle(times, new Random(3));
        for (long t : times) {
            assertEquals(SeenResult.NEW, ids.record("a", t));
        }
        for (long t : times) {
            assertNotEquals(SeenResult.NEW, ids.record("a", t));
        }
    }

    @Test
    void pastTheWindowOldTimesAreTooOldAndNeverNewAgain() {
        RecentIds ids = new RecentIds(4, 8);
        for (long t = 1; t <= 10; t++) {
            assertEquals(SeenResult.NEW, ids.record("a", t));
        }
        // Times 1..6 left the window: dropped, whether they were delivered or not.
        for (long t = 1; t <= 6; t++) {
            assertEquals(SeenResult.TOO_OLD, ids.record("a", t), "time " + t);
        }
        for (long t = 7; t <= 10; t++) {
            assertEquals(SeenResult.DUPLICATE, ids.record("a", t), "time " + t);
        }
        // A gap below the window's lowest time is too old as well (never NEW after a newer window formed).
        RecentIds gaps = new RecentIds(2, 8);
        gaps.record("a", 10);
        gaps.record("a", 20);
        assertEquals(SeenResult.TOO_OLD, gaps.record("a", 5));
        assertEquals(SeenResult.NEW, gaps.record("a", 30));
        assertEquals(SeenResult.TOO_OLD, gaps.record("a", 15), "10 left the window; 15 is below the new lowest (20)");
    }

    @Test
    void memoryIsBoundedByOriginsAndAForgottenOriginsOldEventsStayDropped() {
        RecentIds ids = new RecentIds(4, 3);
        ids.record("a", 100);
        ids.record("b", 200);
        ids.record("c", 300);
        ids.record("d", 400); // a is the least recently heard: forgotten
        assertEquals(3, ids.origins());
        assertEquals(1, ids.evictions());
        assertEquals(SeenResult.TOO_OLD, ids.record("a", 100), "a's old event is not delivered again");
        assertEquals(SeenResult.NEW, ids.record("a", 500), "a's new events still get through");
    }

    @Test
    void aHeavyRandomWorkloadNeverDeliversAnIdentityTwice() {
        RecentIds ids = new RecentIds(32, 16);
        Set<String> delivered = new HashSet<>();
        Random random = new Random(11);
        long[] clocks = new long[40];
        for (int i = 0; i < 200_000; i++) {
            int origin = random.nextInt(clocks.length);
            long time = random.nextInt(4) == 0 ? clocks[origin]++ : Math.max(0, clocks[origin] - random.nextInt(80));
            if (ids.record("n" + origin, time) == SeenResult.NEW) {
                assertTrue(delivered.add(origin + "@" + time), "delivered twice: n" + origin + " @" + time);
            }
        }
        assertTrue(ids.origins() <= 16);
    }
}

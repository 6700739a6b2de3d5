package io.pekonode.engine.core.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Rumor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BroadcastQueueTest {

    private static final int ROOMY = 1_000_000;

    /** A rumor whose estimate grows with {@code valueBytes}; distinct names make distinct rumors. */
    private static Rumor rumor(String name, int valueBytes) {
        return new MetadataRumor(new MetadataEntry(name, new byte[valueBytes], new HlcTimestamp(1, 0, "n")));
    }

    private static Rumor rumor(String name) {
        return rumor(name, 10);
    }

    private static int estimate(List<Rumor> rumors) {
        return rumors.stream().mapToInt(RumorSizes::estimate).sum();
    }

    /** How many takes return {@code r} before the queue drops it. */
    private static int timesSent(BroadcastQueue q, Rumor r) {
        int sent = 0;
        while (q.take(ROOMY).contains(r)) {
            sent++;
            assertTrue(sent < 1000, "rumor never dropped");
        }
        return sent;
    }

    @Test
    void transmitLimitScalesWithLog10OfClusterSizeAboveTheFloorOfAHundredMembers() {
        AtomicInteger n = new AtomicInteger();
        BroadcastQueue q = new BroadcastQueue(n::get, 3);
        int[][] sizeToLimit = {{0, 9}, {1, 9}, {9, 9}, {10, 9}, {99, 9}, {100, 9}, {999, 9}, {1000, 12},
                {10_000, 15}, {Integer.MAX_VALUE, 30}};
        for (int[] c : sizeToLimit) {
            n.set(c[0]);
            assertEquals(c[1], q.transmitLimit(), "N=" + c[0]);
            Rumor r = rumor("k" + c[0]);
            q.enqueue(SupersedeKey.metadata("k"), r);
            assertEquals(c[1], timesSent(q, r), "N=" + c[0]);
            assertEquals(0, q.size());
        }
    }

    @Test
    void decimalDigitsIsExactlyCeilLog10OfNPlusOne() {
        for (int n = 1; n < 100_000; n++) {
            assertEquals((int) Math.ceil(Math.log10(n + 1.0)), BroadcastQueue.decimalDigits(n), "n=" + n);
        }
    }

    @Test
    void newerNewsSupersedesTheQueuedRumorAndRestartsItsCount() {
        BroadcastQueue q = new BroadcastQueue(() -> 5, 1); // limit 3 (the floor)
        Rumor old = rumor("member:a suspect");
        Rumor other = rumor("member:b alive");
        q.enqueue(SupersedeKey.member("a"), old);
        q.enqueue(SupersedeKey.member("b"), other);
        assertEquals(List.of(other, old), q.take(ROOMY));

        Rumor fresh = rumor("member:a dead");
        q.enqueue(SupersedeKey.member("a"), fresh);
        assertEquals(2, q.size());
        assertEquals(List.of(fresh, other), q.take(ROOMY), "the fresh rumor has 0 transmits, the other 1");
        assertEquals(List.of(fresh, other), q.take(ROOMY));
        assertEquals(List.of(fresh), q.take(ROOMY), "other reached the limit of 3; fresh has 1 more to go");
        assertEquals(0, q.size());
    }

    @Test
    void fewestTransmitsFirstThenNewestFirst() {
        BroadcastQueue q = new BroadcastQueue(() -> 1000, 10); // limit 40: nothing is dropped here
        Rumor a = rumor("a");
        Rumor b = rumor("b");
        Rumor c = rumor("c");
        int one = RumorSizes.estimate(a);
        q.enqueue(SupersedeKey.metadata("a"), a);
        q.enqueue(SupersedeKey.metadata("b"), b);
        q.enqueue(SupersedeKey.metadata("c"), c);
        // Room for one rumor at a time: the queue rotates through all before repeating any.
        List<Rumor> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.addAll(q.take(one));
        }
        assertEquals(List.of(c, b, a, c, b, a), order);

        Rumor d = rumor("d");
        q.enqueue(SupersedeKey.metadata("d"), d);
        assertEquals(List.of(d, c), q.take(2 * one), "a new rumor jumps ahead of those sent twice");
    }

    @Test
    void takeStaysWithinTheBudgetAndSkipsToSmallerRumorsThatFit() {
        BroadcastQueue q = new BroadcastQueue(() -> 10, 4);
        Rumor small1 = rumor("s1", 10);
        Rumor big = rumor("big", 600);
        Rumor small2 = rumor("s2", 10);
        q.enqueue(SupersedeKey.metadata("s1"), small1);
        q.enqueue(SupersedeKey.metadata("big"), big);
        q.enqueue(SupersedeKey.metadata("s2"), small2); // order of preference: s2, big, s1
        int budget = RumorSizes.estimate(small2) + RumorSizes.estimate(small1) + 50;
        assertTrue(RumorSizes.estimate(big) > budget - RumorSizes.estimate(small2));

        List<Rumor> taken = q.take(budget);
        assertEquals(List.of(small2, small1), taken, "big does not fit after s2, so s1 takes its place");
        assertTrue(estimate(taken) <= budget);
        assertEquals(List.of(big), q.take(RumorSizes.estimate(big)), "then big goes first, having 0 transmits");
    }

    @Test
    void fillsAPacketBudgetWithManyRumorsWithoutExceedingIt() {
        BroadcastQueue q = new BroadcastQueue(() -> 100, 4);
        for (int i = 0; i < 200; i++) {
            q.enqueue(SupersedeKey.metadata("k" + i), rumor("k" + i, i % 40));
        }
        int budget = 1400 - RumorSizes.MESSAGE_OVERHEAD;
        for (int round = 0; round < 50; round++) {
            List<Rumor> taken = q.take(budget);
            assertTrue(estimate(taken) <= budget, "round " + round);
            if (q.size() > 0) {
                assertTrue(!taken.isEmpty(), "every queued rumor fits in an empty packet");
            }
        }
    }

    @Test
    void tooSmallBudgetOrEmptyQueueTakesNothing() {
        BroadcastQueue q = new BroadcastQueue(() -> 3, 4);
        assertEquals(List.of(), q.take(ROOMY));
        q.enqueue(SupersedeKey.metadata("k"), rumor("k"));
        assertEquals(List.of(), q.take(RumorSizes.MIN_RUMOR_ESTIMATE - 1));
        assertEquals(List.of(), q.take(0));
        assertEquals(1, q.size());
    }

    @Test
    void oversizedRumorsAreOnlyReturnedByTakeOversizedWhichCountsTransmits() {
        BroadcastQueue q = new BroadcastQueue(() -> 3, 1); // limit 3 (the floor)
        Rumor huge = rumor("huge", 64 * 1024);
        Rumor small = rumor("small");
        q.enqueue(SupersedeKey.metadata("huge"), huge);
        q.enqueue(SupersedeKey.metadata("small"), small);
        int budget = 1400;

        for (int i = 0; i < 3; i++) {
            assertTrue(!q.take(budget).contains(huge), "take must never return a rumor over the whole budget");
        }
        assertEquals(1, q.size(), "small was sent three times and dropped; huge is still waiting");

        assertEquals(List.of(huge), q.takeOversized(budget));
        assertEquals(List.of(huge), q.takeOversized(budget));
        assertEquals(List.of(huge), q.takeOversized(budget));
        assertEquals(List.of(), q.takeOversized(budget), "dropped after reaching its transmit limit");
        assertEquals(0, q.size());
    }

    @Test
    void takeOversizedLeavesRumorsThatFit() {
        BroadcastQueue q = new BroadcastQueue(() -> 3, 2);
        Rumor small = rumor("small");
        q.enqueue(SupersedeKey.metadata("small"), small);
        assertEquals(List.of(), q.takeOversized(1400));
        assertEquals(List.of(small), q.take(1400));
    }

    @Test
    void rejectsANonPositiveMultiplier() {
        assertThrows(IllegalArgumentException.class, () -> new BroadcastQueue(() -> 3, 0));
    }
}

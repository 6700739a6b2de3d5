package io.pekonode.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The breaker's schedule on its own clock (it takes the time as a parameter, so no test waits): the
 * cooling period doubles from {@value CircuitBreakers#INITIAL_COOL_MILLIS} ms on every re-opening and
 * stops at {@value CircuitBreakers#MAX_COOL_MILLIS} ms, each period jittered by +-20 %, a failed
 * half-open trial re-opens for longer, a successful one closes, and the number of peers remembered is
 * bounded.
 */
class CircuitBreakerScheduleTest {

    private static final long MS = 1_000_000L;
    private static final Pattern NEXT_ATTEMPT = Pattern.compile("next attempt in (\\d+) ms");

    private static InetSocketAddress peer(int i) {
        return InetSocketAddress.createUnresolved("10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), 7946);
    }

    /** Fails connects until the breaker opens; returns the time of the opening. */
    private static long open(CircuitBreakers breakers, InetSocketAddress peer, long now) {
        for (int i = 1; i < CircuitBreakers.FAILURES_TO_OPEN; i++) {
            assertFalse(breakers.connectFailed(peer, now), "failure " + i + " of " + CircuitBreakers.FAILURES_TO_OPEN
                    + " leaves the breaker closed");
            assertNull(breakers.refusal(peer, now), "connects are still tried while closed");
        }
        assertTrue(breakers.connectFailed(peer, now), "the third failed connect in a row opens the breaker");
        return now;
    }

    /** The cooling period the refusal announces right at the opening, in ms. */
    private static long announcedCooling(CircuitBreakers breakers, InetSocketAddress peer, long openedAt) {
        String refusal = breakers.refusal(peer, openedAt);
        assertNotNull(refusal, "open right after opening");
        Matcher m = NEXT_ATTEMPT.matcher(refusal);
        assertTrue(m.find(), refusal);
        return Long.parseLong(m.group(1));
    }

    /** The cooling base of the k-th opening (k = 0 for the first): 500 ms doubled k times, at most 30 s. */
    private static long base(int k) {
        return Math.min(CircuitBreakers.MAX_COOL_MILLIS, CircuitBreakers.INITIAL_COOL_MILLIS << k);
    }

    @Test
    void eachFailedTrialDoublesTheCoolingPeriodUpToThirtySecondsWithinTheJitter() {
        CircuitBreakers breakers = new CircuitBreakers();
        InetSocketAddress peer = peer(1);
        long now = open(breakers, peer, 0);
        List<Long> coolings = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            long base = base(k);
            long cooling = announcedCooling(breakers, peer, now);
            coolings.add(cooling);
            long low = base - base / 5;
            long high = base + base / 5;
            assertTrue(cooling >= low && cooling <= high, "opening " + (k + 1) + ": cooling " + cooling
                    + " ms, expected " + base + " ms +-20 %; all so far: " + coolings);
            // Still open just before the shortest the jitter allows; a trial may go at the longest.
            assertNotNull(breakers.refusal(peer, now + low * MS - 1), "still cooling at " + (low - 1) + " ms");
            long trialAt = now + high * MS;
            assertNull(breakers.refusal(peer, trialAt), "after " + high + " ms one trial connect may go");
            // The trial fails: the breaker re-opens at once, for the next (doubled) period.
            assertTrue(breakers.connectFailed(peer, trialAt), "a failed trial re-opens the breaker");
            assertTrue(breakers.isOpen(peer));
            now = trialAt;
        }
        assertTrue(coolings.get(6) >= CircuitBreakers.MAX_COOL_MILLIS * 4 / 5
                && coolings.subList(6, 10).stream().allMatch(c -> c <= CircuitBreakers.MAX_COOL_MILLIS * 6 / 5),
                "capped at 30 s (+-20 %) from the seventh opening on: " + coolings);
    }

    @Test
    void theJitterSpreadsPeersOpenedTogetherOverThePlusMinusTwentyPercentBand() {
        CircuitBreakers breakers = new CircuitBreakers();
        long base = CircuitBreakers.INITIAL_COOL_MILLIS;
        Set<Long> distinct = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int peers = 400;
        for (int i = 0; i < peers; i++) {
            InetSocketAddress peer = peer(i);
            open(breakers, peer, 0);
            long cooling = announcedCooling(breakers, peer, 0);
            distinct.add(cooling);
            min = Math.min(min, cooling);
            max = Math.max(max, cooling);
        }
        assertTrue(min >= base - base / 5 && max <= base + base / 5, "within +-20 %: " + min + ".." + max + " ms");
        // 201 possible values (400 to 600 ms): 400 uniform draws land on well over half of them, and reach both
        // tenths at the edges; a breaker without jitter would give one value.
        assertTrue(distinct.size() > 100, distinct.size() + " distinct cooling periods among " + peers + " peers");
        assertTrue(min < base - base / 5 + base / 50 && max > base + base / 5 - base / 50,
                "the draws reach both ends of the band: " + min + ".." + max + " ms");
    }

    @Test
    void onlyOneHalfOpenTrialAtATimeAndItsOutcomeDecides() {
        CircuitBreakers breakers = new CircuitBreakers();
        InetSocketAddress peer = peer(2);
        long openedAt = open(breakers, peer, 0);
        long afterCooling = openedAt + base(0) * 6 / 5 * MS;

        assertNull(breakers.refusal(peer, afterCooling), "the first frame after cooling opens the trial");
        String second = breakers.refusal(peer, afterCooling + MS);
        assertNotNull(second, "a second connect while the trial runs is refused");
        assertTrue(second.contains("half-open"), second);

        // The trial fails: open again, now for the doubled period.
        assertTrue(breakers.connectFailed(peer, afterCooling + 2 * MS));
        long cooling = announcedCooling(breakers, peer, afterCooling + 2 * MS);
        assertEquals(base(1), roundToBand(cooling), "re-opened for the doubled period, " + cooling + " ms");

        // The next trial succeeds: closed, and it takes three failures in a row to open again.
        long later = afterCooling + 2 * MS + base(1) * 6 / 5 * MS;
        assertNull(breakers.refusal(peer, later));
        breakers.connected(peer);
        assertFalse(breakers.isOpen(peer));
        assertNull(breakers.refusal(peer, later));
        assertFalse(breakers.connectFailed(peer, later), "one failure after a success does not open it");
        assertFalse(breakers.connectFailed(peer, later));
        assertTrue(breakers.connectFailed(peer, later), "the third does");
        assertEquals(base(0), roundToBand(announcedCooling(breakers, peer, later)), "and the cooling starts over at 500 ms");
    }

    /** The base a cooling period was drawn around (the bands of +-20 % do not overlap), or -1. */
    private static long roundToBand(long cooling) {
        for (int k = 0; k < 8; k++) {
            long b = base(k);
            if (cooling >= b - b / 5 && cooling <= b + b / 5) {
                return b;
            }
        }
        return -1;
    }

    @Test
    void atMostMaxTrackedPeersAreRememberedAndTheOldestIsForgottenFirst() {
        CircuitBreakers breakers = new CircuitBreakers();
        InetSocketAddress oldest = peer(0);
        open(breakers, oldest, 0);
        // Others fail once each; the first MAX_TRACKED - 1 fit beside the oldest.
        for (int i = 1; i < CircuitBreakers.MAX_TRACKED; i++) {
            breakers.connectFailed(peer(i), 0);
        }
        assertTrue(breakers.isOpen(oldest), "still remembered at " + CircuitBreakers.MAX_TRACKED + " peers");
        assertEquals(CircuitBreakers.MAX_TRACKED, breakers.tracked());

        breakers.connectFailed(peer(CircuitBreakers.MAX_TRACKED), 0);
        assertEquals(CircuitBreakers.MAX_TRACKED, breakers.tracked(), "one more peer does not grow the table");
        assertFalse(breakers.isOpen(oldest), "the oldest breaker was forgotten");
        assertNull(breakers.refusal(oldest, 0), "so its peer may be tried again");

        // A stream of bogus destinations cannot grow it either.
        for (int i = 0; i < 3 * CircuitBreakers.MAX_TRACKED; i++) {
            breakers.connectFailed(peer(100_000 + i), 0);
        }
        assertEquals(CircuitBreakers.MAX_TRACKED, breakers.tracked());
        // The newest are the ones kept: the last peer's earlier failure still counts toward opening.
        InetSocketAddress newest = peer(100_000 + 3 * CircuitBreakers.MAX_TRACKED - 1);
        assertFalse(breakers.connectFailed(newest, 0));
        assertTrue(breakers.connectFailed(newest, 0), "its third failure in a row opens it");
    }
}

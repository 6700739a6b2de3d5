package io.pekonode.engine.core.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SuspicionTest {

    private static final long START = 50_000;

    @Test
    void timeoutCurveForThreeExpectedConfirmations() {
        // max - (max - min) * log(c + 1) / log(4), floored to milliseconds
        assertEquals(6000, Suspicion.timeoutMillis(0, 3, 1000, 6000));
        assertEquals(3500, Suspicion.timeoutMillis(1, 3, 1000, 6000));
        assertEquals(2037, Suspicion.timeoutMillis(2, 3, 1000, 6000));
        assertEquals(1000, Suspicion.timeoutMillis(3, 3, 1000, 6000));

        assertEquals(12000, Suspicion.timeoutMillis(0, 3, 2000, 12000));
        assertEquals(7000, Suspicion.timeoutMillis(1, 3, 2000, 12000));
        assertEquals(4075, Suspicion.timeoutMillis(2, 3, 2000, 12000));
        assertEquals(2000, Suspicion.timeoutMillis(3, 3, 2000, 12000));
    }

    @Test
    void eachIndependentConfirmationMovesTheDeadlineCloserToTheStart() {
        Suspicion s = new Suspicion("suspector", 3, 1000, 6000, START);
        assertEquals(START + 6000, s.deadlineMillis());
        assertEquals(0, s.confirmations());

        assertTrue(s.confirm("b"));
        assertEquals(START + 3500, s.deadlineMillis());
        assertTrue(s.confirm("c"));
        assertEquals(START + 2037, s.deadlineMillis());
        assertTrue(s.confirm("d"));
        assertEquals(START + 1000, s.deadlineMillis());
        assertEquals(3, s.confirmations());
    }

    @Test
    void theSuspectorAndRepeatsAreNotIndependentConfirmations() {
        Suspicion s = new Suspicion("suspector", 3, 1000, 6000, START);
        assertFalse(s.confirm("suspector"));
        assertEquals(START + 6000, s.deadlineMillis());
        assertTrue(s.confirm("b"));
        assertFalse(s.confirm("b"));
        assertEquals(1, s.confirmations());
        assertEquals(START + 3500, s.deadlineMillis());
    }

    @Test
    void confirmationsBeyondTheExpectedCountAreIgnored() {
        Suspicion s = new Suspicion("a", 2, 1000, 6000, START);
        assertTrue(s.confirm("b"));
        assertTrue(s.confirm("c"));
        assertEquals(START + 1000, s.deadlineMillis());
        assertFalse(s.confirm("d"), "nothing left to shorten, so nothing to gossip on");
        assertEquals(2, s.confirmations());
        assertEquals(START + 1000, s.deadlineMillis());
    }

    @Test
    void strongConfirmationsKeepShrinkingTheTimeoutFromTheMinimumDownToTheFloor() {
        // k = 2 reaches the 8 s minimum as before; three more take it down to the 4 s floor.
        Suspicion s = new Suspicion("a", 2, 5, 4000, 8000, 48000, START);
        assertEquals(START + 48000, s.deadlineMillis());
        assertTrue(s.confirm("b"));
        assertTrue(s.confirm("c"));
        assertEquals(START + 8000, s.deadlineMillis(), "the minimum after k, as memberlist");
        assertTrue(s.confirm("d"));
        assertEquals(START + 6000, s.deadlineMillis());
        assertTrue(s.confirm("e"));
        assertEquals(START + 4830, s.deadlineMillis());
        assertTrue(s.confirm("f"));
        assertEquals(START + 4000, s.deadlineMillis(), "the floor after k + 3");
        assertFalse(s.confirm("g"), "past the strong count there is nothing left to shorten");
        assertEquals(5, s.confirmations());
    }

    @Test
    void rejectsAStrongCountBelowKOrAFloorAboveTheMinimum() {
        assertThrows(IllegalArgumentException.class, () -> new Suspicion("a", 3, 2, 1000, 2000, 6000, START));
        assertThrows(IllegalArgumentException.class, () -> new Suspicion("a", 3, 5, 3000, 2000, 6000, START));
    }

    @Test
    void withNoConfirmationsExpectedTheMinimumAppliesFromTheStart() {
        Suspicion s = new Suspicion("a", 0, 1000, 6000, START);
        assertEquals(START + 1000, s.deadlineMillis());
        assertFalse(s.confirm("b"));
        assertEquals(0, s.confirmations());
        assertEquals(1000, Suspicion.timeoutMillis(0, -1, 1000, 6000));
    }

    @Test
    void equalMinAndMaxGiveAFixedTimeout() {
        Suspicion s = new Suspicion("a", 3, 4000, 4000, START);
        assertEquals(START + 4000, s.deadlineMillis());
        s.confirm("b");
        assertEquals(START + 4000, s.deadlineMillis());
    }

    @Test
    void rejectsAMinimumAboveTheMaximum() {
        assertThrows(IllegalArgumentException.class, () -> new Suspicion("a", 3, 6000, 1000, START));
        assertThrows(IllegalArgumentException.class, () -> new Suspicion("a", 3, -1, 1000, START));
    }
}

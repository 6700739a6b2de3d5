package io.pekonode.engine.core.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LocalHealthTest {

    @Test
    void startsHealthyAndLeavesTimeoutsUnchanged() {
        LocalHealth h = new LocalHealth(8);
        assertEquals(0, h.score());
        assertEquals(500, h.scale(500));
    }

    @Test
    void failedProbesStretchTimeoutsAndSuccessfulOnesShrinkThemBack() {
        LocalHealth h = new LocalHealth(8);
        h.apply(1);   // a probe with no ack and no nacks expected
        h.apply(2);   // two missing nacks
        assertEquals(3, h.score());
        assertEquals(2000, h.scale(500));
        h.apply(-1);  // a successful probe
        assertEquals(1500, h.scale(500));
    }

    @Test
    void scoreIsClampedToZeroAndMaxMultiplierMinusOne() {
        LocalHealth h = new LocalHealth(8);
        h.apply(-5);
        assertEquals(0, h.score());
        h.apply(100);
        assertEquals(7, h.score());
        assertEquals(8000, h.scale(1000), "never stretched beyond maxMultiplier");
        h.apply(Integer.MAX_VALUE);
        assertEquals(7, h.score());
        h.apply(Integer.MIN_VALUE);
        assertEquals(0, h.score());
    }

    @Test
    void maxMultiplierOfOneDisablesAwareness() {
        LocalHealth h = new LocalHealth(1);
        h.apply(5);
        assertEquals(0, h.score());
        assertEquals(1000, h.scale(1000));
    }

    @Test
    void scalingSaturatesInsteadOfOverflowing() {
        LocalHealth h = new LocalHealth(8);
        h.apply(3);
        assertEquals(Long.MAX_VALUE, h.scale(Long.MAX_VALUE / 2));
    }

    @Test
    void rejectsAMaxMultiplierBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new LocalHealth(0));
    }
}

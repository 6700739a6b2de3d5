package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.consensus.node.RegisterChecker.Kind;
import io.pekonode.consensus.node.RegisterChecker.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker itself: it must accept linearizable histories and reject the classic violations. */
class RegisterCheckerTest {

    private static Op put(int id, long value, long invoke, long complete, long version) {
        return new Op(id, id, Kind.PUT, value, 0, invoke, complete, true, true, false, false, version);
    }

    private static Op get(int id, long value, long invoke, long complete, long version) {
        return new Op(id, id, Kind.GET, value, 0, invoke, complete, true, false, false, false, version);
    }

    private static Op unknownPut(int id, long value, long invoke) {
        return new Op(id, id, Kind.PUT, value, 0, invoke, Long.MAX_VALUE, false, false, false, false, 0);
    }

    private static Op cas(int id, long expected, long value, long invoke, long complete, long version) {
        return new Op(id, id, Kind.CAS, value, expected, invoke, complete, true, true, false, false, version);
    }

    @Test
    void acceptsSequentialAndConcurrentHistories() {
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), get(1, 1, 20, 30, 5))));
        // Overlapping: the read may see either the old or the new value.
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), put(1, 2, 20, 40, 7),
                get(2, 1, 25, 30, 5))));
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), put(1, 2, 20, 40, 7),
                get(2, 2, 25, 30, 7))));
        assertTrue(RegisterChecker.linearizable(List.of(get(0, -1, 0, 5, 0))));
    }

    @Test
    void rejectsAStaleRead() {
        // The second put completed before the read began, yet the read returned the first value.
        assertFalse(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), put(1, 2, 20, 30, 7),
                get(2, 1, 40, 50, 5))));
    }

    @Test
    void rejectsAReadOfAValueNeverWritten() {
        assertFalse(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), get(1, 9, 20, 30, 5))));
    }

    @Test
    void rejectsVersionsThatGoBackwards() {
        assertFalse(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 9), put(1, 2, 20, 30, 7))));
    }

    @Test
    void rejectsTwoCompareAndSetsWinningOnTheSameVersion() {
        assertFalse(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), cas(1, 5, 2, 20, 40, 8),
                cas(2, 5, 3, 21, 41, 9))));
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), cas(1, 5, 2, 20, 40, 8),
                cas(2, 8, 3, 21, 41, 9))));
    }

    @Test
    void anUnknownWriteMayOrMayNotHaveHappened() {
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), unknownPut(1, 2, 20),
                get(2, 1, 30, 40, 5))));
        assertTrue(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), unknownPut(1, 2, 20),
                get(2, 2, 30, 40, 8), get(3, 2, 50, 60, 8))));
        // Once seen, it cannot be undone.
        assertFalse(RegisterChecker.linearizable(List.of(put(0, 1, 0, 10, 5), unknownPut(1, 2, 20),
                get(2, 2, 30, 40, 8), get(3, 1, 50, 60, 5))));
    }
}

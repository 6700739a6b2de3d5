package io.pekonode.engine;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline: tests wait for outcomes, never for fixed sleeps. */
public final class Await {

    private Await() {
    }

    /** Waits for {@code condition}; fails with {@code state} (evaluated at the deadline) when it never holds. */
    public static Duration until(Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + timeout + ": " + state.get());
            }
            // A short pause between polls, not a synchronisation sleep: the deadline decides.
            LockSupport.parkNanos(5_000_000L);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    public static Duration until(Duration timeout, BooleanSupplier condition) {
        return until(timeout, condition, () -> "");
    }
}

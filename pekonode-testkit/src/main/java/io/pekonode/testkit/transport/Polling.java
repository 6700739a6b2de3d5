package io.pekonode.testkit.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits by polling a condition against a deadline, never by sleeping a fixed time. */
final class Polling {

    /** Between two looks at the condition; it bounds how late a met condition is seen, nothing else. */
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Polling() {
    }

    static void await(String what, Duration patience, BooleanSupplier condition) {
        awaitWhile(what, patience, condition, () -> { });
    }

    /** Like {@link #await}, running {@code step} before each look (to resend a packet that may be lost). */
    static void awaitWhile(String what, Duration patience, BooleanSupplier condition, Runnable step) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            step.run();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + patience.toMillis() + " ms for " + what);
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
    }
}

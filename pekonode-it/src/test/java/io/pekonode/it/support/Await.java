package io.pekonode.it.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls a probe until its result satisfies a condition or a deadline passes. Containers change
 * state on their own schedule, so tests wait for an observable outcome instead of sleeping.
 */
public final class Await {

    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 250;

    private Await() {
    }

    /**
     * Calls {@code probe} until {@code done} accepts its result and returns how long that took.
     * A probe that throws counts as "not yet" (a node may be briefly unreachable).
     *
     * @throws AssertionError after {@code timeout}, naming {@code what} and the last result or error
     */
    public static <T> Duration until(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long backoff = FIRST_BACKOFF_MS;
        Object last = "(never evaluated)";
        while (true) {
            try {
                T value = probe.call();
                if (done.test(value)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what + "; last observed: " + last);
                if (last instanceof Throwable t) {
                    error.initCause(t);
                }
                throw error;
            }
            pause(Math.min(backoff, Math.max(1, (deadline - now) / 1_000_000)));
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    /** Like {@link #until} for a plain condition. */
    public static Duration until(String what, Duration timeout, Callable<Boolean> condition) {
        return until(what, timeout, condition, Boolean.TRUE::equals);
    }

    /**
     * Checks that {@code probe}'s result keeps satisfying {@code invariant} for the whole
     * {@code period} (e.g. "a left member is never reported dead afterwards").
     *
     * @throws AssertionError at the first violation, with the offending value
     */
    public static <T> void holds(String what, Duration period, Callable<T> probe, Predicate<? super T> invariant) {
        long deadline = System.nanoTime() + period.toNanos();
        while (true) {
            T value;
            try {
                value = probe.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while checking " + what, e);
            } catch (Exception e) {
                throw new AssertionError("could not check " + what + ": " + e, e);
            }
            if (!invariant.test(value)) {
                throw new AssertionError("violated: " + what + "; observed: " + value);
            }
            if (System.nanoTime() >= deadline) {
                return;
            }
            pause(MAX_BACKOFF_MS);
        }
    }

    // The only sleep in these tests: the backoff between two polls.
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}

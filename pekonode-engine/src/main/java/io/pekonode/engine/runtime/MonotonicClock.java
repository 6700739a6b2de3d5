package io.pekonode.engine.runtime;

import java.util.function.LongSupplier;

/**
 * The time the runtime gives the protocol core: wall-clock milliseconds read once at start, plus
 * the elapsed {@link System#nanoTime()} since then.
 *
 * <p>Why not {@link System#currentTimeMillis()}: NTP steps and manual clock changes move it backward
 * or forward, and a backward jump would stall every protocol timer (a probe due "in the future"
 * forever) while a forward jump would fire every suspicion at once and declare healthy members dead.
 * Why not raw {@code nanoTime}: the core also stamps metadata versions (hybrid logical clocks), which
 * should stay close to real time so versions from different nodes are comparable. This clock is
 * both: it never goes backward, and it starts at the wall time. Its drift from the wall clock over a
 * long run is bounded by the oscillator's error; the HLC tolerates that by design.
 */
public final class MonotonicClock implements LongSupplier {

    private final long originWallMillis;
    private final long originNanos;

    public MonotonicClock() {
        this(System.currentTimeMillis(), System.nanoTime());
    }

    MonotonicClock(long originWallMillis, long originNanos) {
        this.originWallMillis = originWallMillis;
        this.originNanos = originNanos;
    }

    /** Milliseconds since the epoch, approximately, never decreasing. */
    public long millis() {
        return originWallMillis + (System.nanoTime() - originNanos) / 1_000_000L;
    }

    @Override
    public long getAsLong() {
        return millis();
    }
}

package io.pekonode.engine.metrics;

import io.pekonode.engine.core.CoreStats;
import io.pekonode.engine.core.CoreStats.Counter;
import java.util.Map;

/**
 * An immutable copy of the core's counters. The core's {@link CoreStats} belong to the event loop
 * and are not safe to read elsewhere, so the loop copies them here after each batch and meters read
 * the copy (at most one batch old).
 *
 * <p>Every {@link Counter} is copied, so a counter the core adds is here without a change to this
 * class; exporting it is {@link NodeMeterBinder}'s choice.
 */
public final class CoreCounters {

    public static final CoreCounters ZERO = new CoreCounters(new long[Counter.values().length]);

    private final long[] counts;

    private CoreCounters(long[] counts) {
        this.counts = counts;
    }

    public static CoreCounters copyOf(CoreStats stats) {
        long[] counts = new long[Counter.values().length];
        for (Counter c : Counter.values()) {
            counts[c.ordinal()] = stats.get(c);
        }
        return new CoreCounters(counts);
    }

    /** Given counts, the others zero; for tests. */
    public static CoreCounters of(Map<Counter, Long> values) {
        long[] counts = new long[Counter.values().length];
        values.forEach((c, v) -> counts[c.ordinal()] = v);
        return new CoreCounters(counts);
    }

    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CoreCounters[");
        for (Counter c : Counter.values()) {
            text.append(c.ordinal() == 0 ? "" : ", ").append(c.name().toLowerCase(java.util.Locale.ROOT)).append('=')
                    .append(counts[c.ordinal()]);
        }
        return text.append(']').toString();
    }
}

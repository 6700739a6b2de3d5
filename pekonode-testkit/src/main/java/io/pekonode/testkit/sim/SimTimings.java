package io.pekonode.testkit.sim;

import io.pekonode.engine.core.Timing;
import java.util.EnumMap;
import java.util.LongSummaryStatistics;
import java.util.Map;

/**
 * The durations every simulated node's core measured (probe round trips, suspicion to death, gossip
 * queue delay), in virtual milliseconds, summed over the whole cluster: what the engine's timers
 * would show, measured without a real clock.
 */
public final class SimTimings {

    private final Map<Timing.Kind, LongSummaryStatistics> byKind = new EnumMap<>(Timing.Kind.class);

    void record(Timing timing) {
        byKind.computeIfAbsent(timing.kind(), k -> new LongSummaryStatistics()).accept(timing.millis());
    }

    /** Count, min, max and mean of one kind (all zero when none was measured). */
    public LongSummaryStatistics of(Timing.Kind kind) {
        LongSummaryStatistics s = byKind.get(kind);
        LongSummaryStatistics copy = new LongSummaryStatistics();
        if (s != null) {
            copy.combine(s);
        }
        return copy;
    }
}

package io.pekonode.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One timer kept in every registry it is bound to. Unlike counters, a timer's samples cannot be read
 * back later, so each measurement goes to the timers of the registries bound so far (none: it is
 * dropped, as there is nobody to show it to).
 */
final class TimerFamily {

    private final String name;
    private final String description;
    private final Duration expectedMax;
    private final List<Timer> timers = new CopyOnWriteArrayList<>();

    /** @param expectedMax the top of the histogram's buckets (longer samples still count, in +Inf) */
    TimerFamily(String name, String description, Duration expectedMax) {
        this.name = name;
        this.description = description;
        this.expectedMax = expectedMax;
    }

    void bindTo(MeterRegistry registry, Tags tags) {
        timers.add(Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(expectedMax)
                .register(registry));
    }

    void record(long millis) {
        for (Timer t : timers) {
            t.record(millis, TimeUnit.MILLISECONDS);
        }
    }

    String name() {
        return name;
    }
}

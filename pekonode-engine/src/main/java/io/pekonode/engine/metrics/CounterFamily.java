package io.pekonode.engine.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one meter name split by one tag (message type, drop reason...), kept in
 * {@link LongAdder}s so they count with or without a registry and cost little on hot paths.
 *
 * <p>Tag values appear at run time (a transport may report a reason nobody listed), so a value seen
 * after {@link #bindTo} is registered then in every bound registry. Distinct values are capped;
 * the rest are counted under {@code other} so a hostile peer cannot blow up meter cardinality.
 */
public final class CounterFamily {

    static final int MAX_VALUES = 64;
    static final String OVERFLOW = "other";

    private record Binding(MeterRegistry registry, Tags tags) {
    }

    private final String name;
    private final String description;
    private final String tagKey;
    private final String baseUnit;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    public CounterFamily(String name, String description, String tagKey, String baseUnit, List<String> knownValues) {
        this.name = name;
        this.description = description;
        this.tagKey = tagKey;
        this.baseUnit = baseUnit;
        knownValues.forEach(this::adder);
    }

    public void increment(String value) {
        adder(value).increment();
    }

    public void add(String value, long amount) {
        adder(value).add(amount);
    }

    public long count(String value) {
        LongAdder adder = counts.get(value);
        return adder == null ? 0 : adder.sum();
    }

    /** Every value counted so far, sorted by tag value, for logs and tests. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    void bindTo(MeterRegistry registry, Tags tags) {
        bindings.add(new Binding(registry, tags));
        counts.forEach((value, adder) -> register(registry, tags, value, adder));
    }

    private LongAdder adder(String value) {
        LongAdder existing = counts.get(value);
        if (existing != null) {
            return existing;
        }
        String key = counts.size() >= MAX_VALUES ? OVERFLOW : value;
        return counts.computeIfAbsent(key, k -> {
            LongAdder adder = new LongAdder();
            bindings.forEach(b -> register(b.registry(), b.tags(), k, adder));
            return adder;
        });
    }

    private void register(MeterRegistry registry, Tags tags, String value, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue)
                .description(description)
                .baseUnit(baseUnit)
                .tags(tags.and(tagKey, value))
                .register(registry);
    }
}

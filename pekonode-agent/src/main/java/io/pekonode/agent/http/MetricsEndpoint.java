package io.pekonode.agent.http;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/metrics}: the agent's Micrometer meters (the node's, the JVM's, the HTTP server's) as
 * JSON, one entry per meter sorted by name and tags, e.g. {@code {"name":"pekonode.packets.dropped",
 * "type":"counter","tags":{"node":"a","reason":"rate_limited"},"value":3.0}}. Counters are totals since
 * the node started. Meters with more than one measurement carry {@code measurements} by statistic
 * instead of {@code value}.
 *
 * <p>The same meters as {@code GET /metrics} in the Prometheus text format, for scripts that read
 * JSON. Timers carry {@code measurements} (count, total time, max).
 */
final class MetricsEndpoint implements Endpoint {

    static final String PATH = "/v1/metrics";

    private final MeterRegistry registry;

    MetricsEndpoint(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        List<ApiModel.MeterView> meters = registry.getMeters().stream()
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName()).thenComparing(m -> m.getId().getTags().toString()))
                .map(MetricsEndpoint::view)
                .toList();
        return Response.json(200, new ApiModel.Meters(meters));
    }

    private static ApiModel.MeterView view(Meter meter) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag tag : meter.getId().getTags()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        String type = meter.getId().getType().name().toLowerCase(Locale.ROOT);
        List<Measurement> measured = toList(meter.measure());
        if (measured.size() == 1) {
            return new ApiModel.MeterView(meter.getId().getName(), type, tags, finite(measured.get(0).getValue()), null);
        }
        Map<String, Double> byStatistic = new LinkedHashMap<>();
        measured.forEach(m -> byStatistic.put(m.getStatistic().name().toLowerCase(Locale.ROOT), finite(m.getValue())));
        return new ApiModel.MeterView(meter.getId().getName(), type, tags, null, byStatistic);
    }

    private static List<Measurement> toList(Iterable<Measurement> measurements) {
        List<Measurement> list = new ArrayList<>();
        measurements.forEach(list::add);
        return list;
    }

    /** A gauge whose source is gone reads NaN, which JSON cannot carry: shown as null. */
    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}

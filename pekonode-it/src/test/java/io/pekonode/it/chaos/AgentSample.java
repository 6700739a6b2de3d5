package io.pekonode.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the soak's health checks read from one {@code GET /v1/metrics} of an agent.
 *
 * @param atMillis        when it was read, in milliseconds since the start of the run
 * @param processStart    {@code process.start.time}: the JVM's start, the same for the container's whole life
 * @param threads         {@code jvm.threads.live}
 * @param liveDataBytes   {@code jvm.gc.live.data.size}: the old generation after the last major collection,
 *                        0 before the first one
 * @param heapUsedBytes   {@code jvm.memory.used} summed over the heap's pools
 * @param droppedByReason {@code pekonode.packets.dropped} by its {@code reason} tag
 */
record AgentSample(long atMillis, double processStart, double threads, double liveDataBytes, double heapUsedBytes,
                   Map<String, Double> droppedByReason) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AgentSample parse(long atMillis, String metricsJson) throws IOException {
        double start = Double.NaN;
        double threads = Double.NaN;
        double live = 0;
        double heap = 0;
        Map<String, Double> dropped = new TreeMap<>();
        for (JsonNode meter : JSON.readTree(metricsJson).path("meters")) {
            double value = meter.path("value").asDouble(Double.NaN);
            switch (meter.path("name").asText()) {
                case "process.start.time" -> start = value;
                case "jvm.threads.live" -> threads = value;
                case "jvm.gc.live.data.size" -> live = value;
                case "jvm.memory.used" -> heap += "heap".equals(meter.path("tags").path("area").asText()) ? value : 0;
                case "pekonode.packets.dropped" -> dropped.merge(meter.path("tags").path("reason").asText(), value, Double::sum);
                default -> {
                }
            }
        }
        if (Double.isNaN(start) || Double.isNaN(threads) || dropped.isEmpty()) {
            throw new IOException("the metrics lack process.start.time, jvm.threads.live or pekonode.packets.dropped");
        }
        return new AgentSample(atMillis, start, threads, live, heap, Map.copyOf(dropped));
    }

    /**
     * Input the node refused or could not use: every reason but the send side's (a transport's dropped
     * sends and circuit breaker, an outbound message over the frame limit).
     */
    long inboundDropped() {
        return Math.round(droppedByReason.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("transport_send_") && !e.getKey().startsWith("transport_circuit_")
                        && !e.getKey().equals("oversize"))
                .mapToDouble(Map.Entry::getValue).sum());
    }

    /** The inbound reasons that are not zero, for messages. */
    String inboundReasons() {
        Map<String, Long> nonZero = new TreeMap<>();
        droppedByReason.forEach((reason, count) -> {
            if (count > 0 && !reason.startsWith("transport_send_") && !reason.startsWith("transport_circuit_")
                    && !reason.equals("oversize")) {
                nonZero.put(reason, Math.round(count));
            }
        });
        return nonZero.toString();
    }
}

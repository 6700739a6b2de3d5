package io.pekonode.agent.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;

/**
 * {@code GET /metrics}: every meter of the agent in the Prometheus text exposition format (0.0.4):
 * the node's ({@code pekonode_*}), the JVM's ({@code jvm_*}), the process's ({@code process_*},
 * {@code system_*}) and the HTTP server's. Timers come with histogram buckets.
 */
final class PrometheusEndpoint implements Endpoint {

    static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    PrometheusEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        return Response.text(200, CONTENT_TYPE, registry.scrape(CONTENT_TYPE));
    }
}

package io.pekonode.agent.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pekonode.api.Cluster;
import io.pekonode.engine.PekoNode;
import java.util.Optional;

/**
 * The agent's meter registry, in Prometheus form: the node's meters (when it is the engine's), the
 * JVM's and the process's (memory, GC, threads, class loading, CPU, open files, uptime), and the
 * HTTP server's own. Read by {@code GET /metrics} (text) and {@code GET /v1/metrics} (JSON).
 */
final class AgentMeters implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    AgentMeters(Cluster cluster) {
        if (cluster instanceof PekoNode node) {
            node.meterBinder().bindTo(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The value of gauge {@code name}, when the registry has one (engine nodes only). */
    Optional<Double> gauge(String name) {
        Gauge g = registry.find(name).gauge();
        return g == null ? Optional.empty() : Optional.of(g.value());
    }

    static void gauge(MeterRegistry registry, String name, String description, java.util.function.Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

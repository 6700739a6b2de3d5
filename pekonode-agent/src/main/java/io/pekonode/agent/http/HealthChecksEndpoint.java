package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Probes for orchestrators, each answering 200 or 503 with every check and why it failed:
 * <ul>
 *   <li>{@code GET /v1/health/live}: the process works (the node runs its protocol and the agent is
 *       not shutting down); failing it means "restart me".</li>
 *   <li>{@code GET /v1/health/ready}: the node has joined a cluster and is not overloaded (its inbound
 *       queue is below {@value #OVERLOAD_PERCENT}% of its capacity and no agent queue is full);
 *       failing it means "send no traffic here for now".</li>
 * </ul>
 */
final class HealthChecksEndpoint implements Endpoint {

    static final String LIVE = "/v1/health/live";
    static final String READY = "/v1/health/ready";
    static final int OVERLOAD_PERCENT = 80;

    private final boolean readiness;
    private final Cluster cluster;
    private final AgentControl control;
    private final Supplier<Optional<Double>> inboundQueue;
    private final int inboundCapacity;

    HealthChecksEndpoint(boolean readiness, Cluster cluster, AgentControl control,
                         Supplier<Optional<Double>> inboundQueue, int inboundCapacity) {
        this.readiness = readiness;
        this.cluster = cluster;
        this.control = control;
        this.inboundQueue = inboundQueue;
        this.inboundCapacity = inboundCapacity;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean ok = check(checks, "node", cluster.isRunning(), "the node is stopped or closed and takes no part in the protocol");
        ok &= check(checks, "agent", !control.shuttingDown(), "the agent is shutting down");
        if (readiness) {
            ok &= check(checks, "joined", control.joined(), "no seed has answered yet (seeds: " + control.seeds() + ")");
            Optional<Double> queued = inboundQueue.get().filter(v -> !v.isNaN());
            double limit = inboundCapacity * OVERLOAD_PERCENT / 100.0;
            ok &= check(checks, "inbound-queue", queued.isEmpty() || queued.get() < limit,
                    "inbound queue holds " + queued.map(Double::longValue).orElse(0L) + " of " + inboundCapacity + " messages");
            ok &= check(checks, "agent-queues", control.overloaded().isEmpty(), "full: " + control.overloaded());
        }
        return Response.json(ok ? 200 : 503, new ApiModel.Checks(ok ? "ok" : "failing", checks));
    }

    private static boolean check(Map<String, String> checks, String name, boolean passed, String whyNot) {
        checks.put(name, passed ? "ok" : whyNot);
        return passed;
    }
}

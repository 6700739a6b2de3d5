package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /v1/info}: what {@code pekonode info} shows: version, this node, a summary of the
 * configuration (no secrets), member counts by state, queue depths and the HTTP server's counters.
 */
final class InfoEndpoint implements Endpoint {

    static final String PATH = "/v1/info";

    private final Cluster cluster;
    private final AgentControl control;
    private final Supplier<Map<String, Number>> queues;
    private final Supplier<Map<String, Number>> http;

    InfoEndpoint(Cluster cluster, AgentControl control, Supplier<Map<String, Number>> queues,
                 Supplier<Map<String, Number>> http) {
        this.cluster = cluster;
        this.control = control;
        this.queues = queues;
        this.http = http;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        Member self = cluster.localMember();
        Map<String, Integer> members = new LinkedHashMap<>();
        for (MemberState state : MemberState.values()) {
            members.put(state.name().toLowerCase(Locale.ROOT), 0);
        }
        for (Member m : cluster.members()) {
            members.merge(m.state().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        Map<String, Number> allQueues = new LinkedHashMap<>(queues.get());
        allQueues.putAll(control.queues());
        String version = InfoEndpoint.class.getPackage().getImplementationVersion();
        return Response.json(200, new ApiModel.Info(version != null ? version : "development build",
                Runtime.version().toString(), self.id(), self.name(), self.address().toString(), control.configSummary(),
                members, allQueues, http.get()));
    }
}

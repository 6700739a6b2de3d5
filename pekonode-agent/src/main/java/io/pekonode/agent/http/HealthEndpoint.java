package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/health}: 200 once the node is part of a cluster; 503 while it still waits for a seed
 * (so a load balancer or container check does not route to an island) or while it is stopped.
 */
final class HealthEndpoint implements Endpoint {

    private final Cluster cluster;
    private final AgentControl control;

    HealthEndpoint(Cluster cluster, AgentControl control) {
        this.cluster = cluster;
        this.control = control;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        List<Member> live = cluster.liveMembers();
        int alive = (int) live.stream().filter(m -> m.state() == MemberState.ALIVE).count();
        if (!cluster.isRunning()) {
            return Response.json(503, new ApiModel.Health("stopped", live.size(), alive, null,
                    "the node is stopped or closed and takes no part in the protocol"));
        }
        if (!control.joined()) {
            return Response.json(503, new ApiModel.Health("joining", live.size(), alive, control.seeds(),
                    "no seed has answered yet; still trying"));
        }
        return Response.json(200, new ApiModel.Health("ok", live.size(), alive, null, null));
    }
}

package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import java.util.Comparator;
import java.util.Set;

/** {@code GET /v1/members}: every member the node knows, dead and left ones included, sorted by name. */
final class MembersEndpoint implements Endpoint {

    private final Cluster cluster;

    MembersEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        var members = cluster.members().stream()
                .map(ApiModel.MemberView::of)
                .sorted(Comparator.comparing(ApiModel.MemberView::name).thenComparing(ApiModel.MemberView::id))
                .toList();
        return Response.json(200, new ApiModel.Members(members));
    }
}

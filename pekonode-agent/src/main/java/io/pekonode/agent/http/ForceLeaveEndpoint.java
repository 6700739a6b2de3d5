package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.engine.PekoNode;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/force-leave/{name or id}[?prune=true]}: Serf's force-leave. A failed member is
 * marked left everywhere; with {@code prune} this node also forgets it (or an already left member) at
 * once. 404 for an unknown member, 409 for a live one (it would refute) or an ambiguous name.
 */
final class ForceLeaveEndpoint implements Endpoint {

    static final String PREFIX = "/v1/force-leave/";

    private final Cluster cluster;

    ForceLeaveEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("prune");
    }

    @Override
    public Response handle(Request request) {
        String who;
        boolean prune;
        try {
            who = MessageName.decode(request.rawRemainder(), "member");
            prune = request.params().flag("prune", false);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        if (!(cluster instanceof PekoNode node)) {
            return Response.error(501, "this node cannot force members out (not an engine node)");
        }
        List<Member> matches = cluster.members().stream()
                .filter(m -> m.id().equals(who) || m.name().equals(who)).toList();
        if (matches.isEmpty()) {
            return Response.error(404, "no member named or with id '" + who + "'");
        }
        if (matches.size() > 1) {
            return Response.error(409, "several members are named '" + who + "'; give the id of one: "
                    + matches.stream().map(Member::id).toList());
        }
        Member target = matches.get(0);
        if (target.id().equals(cluster.localMember().id())) {
            return Response.error(409, "'" + who + "' is this agent; use leave instead");
        }
        try {
            node.forceLeave(target.id(), prune);
        } catch (IllegalStateException e) {
            return Response.error(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Response.error(404, e.getMessage());
        }
        String state = cluster.member(target.id()).map(m -> m.state().name()).orElse("PRUNED");
        return Response.json(200, new ApiModel.ForcedLeave(target.id(), target.name(), state, prune));
    }
}

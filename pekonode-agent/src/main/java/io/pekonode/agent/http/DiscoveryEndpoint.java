package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.DiscoveryStatus;
import io.pekonode.engine.PekoNode;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/discovery}: each seed discovery source ({@code --discover}) with the addresses it
 * found last, when, and its current failure; an empty list without sources.
 */
final class DiscoveryEndpoint implements Endpoint {

    static final String PATH = "/v1/discovery";

    private final Cluster cluster;

    DiscoveryEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        List<DiscoveryStatus> status = cluster instanceof PekoNode node ? node.discoveryStatus() : List.of();
        return Response.json(200, new ApiModel.Discovery(status.stream().map(s -> new ApiModel.DiscoverySourceView(
                s.source(), s.addresses().stream().map(NodeAddress::toString).toList(),
                s.lastAnswer().map(Object::toString).orElse(null), s.lastError().orElse(null), s.registered())).toList()));
    }
}

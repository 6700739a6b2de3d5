package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import java.util.Set;

/** {@code GET /v1/kv}: the whole metadata map, values in base64 (JSON cannot carry raw bytes). */
final class KeysEndpoint implements Endpoint {

    private final Cluster cluster;

    KeysEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        return Response.json(200, new ApiModel.Keys(cluster.snapshot()));
    }
}

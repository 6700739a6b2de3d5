package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /v1/kv[?versions=true]}: the whole metadata map, values in base64 (JSON cannot carry raw
 * bytes); with {@code versions=true} also each key's version where this agent saw it written.
 */
final class KeysEndpoint implements Endpoint {

    private final Cluster cluster;
    private final KeyVersions versions;

    KeysEndpoint(Cluster cluster, KeyVersions versions) {
        this.cluster = cluster;
        this.versions = versions;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("versions");
    }

    @Override
    public Response handle(Request request) {
        boolean withVersions;
        try {
            withVersions = request.params().flag("versions", false);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        Map<String, byte[]> keys = cluster.snapshot();
        return Response.json(200, new ApiModel.Keys(keys, withVersions ? versions.of(keys.keySet()) : null));
    }
}

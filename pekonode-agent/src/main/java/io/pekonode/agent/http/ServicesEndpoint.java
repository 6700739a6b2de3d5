package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.discovery.ServiceInstance;
import io.pekonode.api.discovery.Services;
import java.util.Set;

/** {@code GET /v1/services/{name}}: the live members offering a service (tag {@code service.NAME=PORT}). */
final class ServicesEndpoint implements Endpoint {

    static final String PREFIX = "/v1/services/";

    private final Services services;

    ServicesEndpoint(Cluster cluster) {
        this.services = Services.of(cluster);
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET");
    }

    @Override
    public Response handle(Request request) {
        String name;
        java.util.List<ServiceInstance> found;
        try {
            name = MessageName.decode(request.rawRemainder(), "service");
            found = services.services(name);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        var views = found.stream().map(i -> new ApiModel.ServiceView(i.memberId(), i.memberName(), i.host(),
                i.port(), i.hostPort(), i.tags())).toList();
        return Response.json(200, new ApiModel.ServicesView(name, views));
    }
}

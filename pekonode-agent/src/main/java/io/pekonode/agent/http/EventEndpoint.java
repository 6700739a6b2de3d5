package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.PayloadTooLargeException;
import java.io.IOException;
import java.util.Set;

/**
 * {@code POST /v1/event/{name}[?coalesce=true]}: broadcasts a user event whose payload is the raw
 * request body; answers its Lamport time.
 */
final class EventEndpoint implements Endpoint {

    static final String PREFIX = "/v1/event/";

    private final Cluster cluster;
    private final int maxPayloadBytes;

    EventEndpoint(Cluster cluster, int maxPayloadBytes) {
        this.cluster = cluster;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public Set<String> parameters(String method) {
        return Set.of("coalesce");
    }

    @Override
    public boolean takesBody(String method) {
        return true;
    }

    @Override
    public Response handle(Request request) throws IOException {
        String name;
        boolean coalesce;
        try {
            name = MessageName.decode(request.rawRemainder(), "event");
            coalesce = request.params().flag("coalesce", false);
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        byte[] payload;
        try {
            payload = Bodies.read(request, maxPayloadBytes, "event payload");
        } catch (Bodies.TooLarge e) {
            return Response.error(413, e.getMessage());
        }
        try {
            long ltime = cluster.broadcast(name, payload, coalesce);
            return Response.json(200, new ApiModel.EventSent(name, ltime, payload.length, coalesce));
        } catch (PayloadTooLargeException e) {
            return Response.error(413, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return Response.error(501, "this node cannot broadcast events: " + e.getMessage());
        }
    }
}

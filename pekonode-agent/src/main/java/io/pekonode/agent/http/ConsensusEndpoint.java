package io.pekonode.agent.http;

import io.pekonode.consensus.http.ConsensusHttpApi;
import java.io.IOException;
import java.util.Set;

/**
 * {@code /v1/consensus/...}: the consensus module's HTTP resources ({@link ConsensusHttpApi}) on the
 * agent's server. Present only when the agent runs the module.
 */
final class ConsensusEndpoint implements Endpoint {

    static final String PREFIX = ConsensusHttpApi.PREFIX;

    private final ConsensusHttpApi api;
    private final int maxValueBytes;

    ConsensusEndpoint(ConsensusHttpApi api, int maxValueBytes) {
        this.api = api;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "PUT", "DELETE");
    }

    @Override
    public Set<String> parameters(String method) {
        return switch (method) {
            case "GET" -> Set.of("stale", "raw");
            case "PUT" -> Set.of("cas", "wait");
            default -> Set.of("token");
        };
    }

    @Override
    public boolean takesBody(String method) {
        return "PUT".equals(method);
    }

    @Override
    public Response handle(Request request) throws IOException {
        if (request.contentLength() > maxValueBytes) {
            return Response.error(413, "body is " + request.contentLength() + " bytes, over the limit of "
                    + maxValueBytes + " bytes");
        }
        // One byte past the limit, so an oversized chunked body is refused without buffering it all.
        byte[] body = request.body().readNBytes(maxValueBytes + 1);
        if (body.length > maxValueBytes) {
            return Response.error(413, "body is over the limit of " + maxValueBytes + " bytes");
        }
        ConsensusHttpApi.Answer answer = api.handle(request.method(), request.rawRemainder(), request.rawQuery(), body);
        // Headers too: a raw read sends the value's version as X-Pekonode-Version.
        return new Response(answer.status(), answer.contentType(), answer.body(), null).withHeaders(answer.headers());
    }
}

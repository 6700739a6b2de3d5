package io.pekonode.agent.http;

import io.pekonode.api.Cluster;
import io.pekonode.api.PayloadTooLargeException;
import java.io.IOException;
import java.util.Set;

/**
 * {@code GET|PUT|DELETE /v1/kv/{key}}: one key, raw bytes in and out. An empty key ({@code /v1/kv/})
 * is the Go-style default key of {@code publish(bytes)}/{@code read()}.
 */
final class KeyEndpoint implements Endpoint {

    private final Cluster cluster;
    private final int maxValueBytes;

    KeyEndpoint(Cluster cluster, int maxValueBytes) {
        this.cluster = cluster;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "PUT", "DELETE");
    }

    @Override
    public boolean takesBody(String method) {
        return "PUT".equals(method);
    }

    @Override
    public Response handle(Request request) throws IOException {
        String key;
        try {
            key = KeyPath.decode(request.rawRemainder());
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        return switch (request.method()) {
            case "GET" -> cluster.read(key).map(Response::bytes)
                    .orElseGet(() -> Response.error(404, "no such key: '" + key + "'"));
            case "PUT" -> put(key, request);
            case "DELETE" -> Response.json(200, new ApiModel.Version(cluster.remove(key).toString()));
            default -> throw new IllegalStateException("router let through " + request.method());
        };
    }

    private Response put(String key, Request request) throws IOException {
        if (request.contentLength() > maxValueBytes) {
            return tooLarge(request.contentLength());
        }
        // Read one byte past the limit so a chunked body that is too large is caught without buffering it all.
        byte[] value = request.body().readNBytes(maxValueBytes + 1);
        if (value.length > maxValueBytes) {
            return tooLarge(-1);
        }
        try {
            return Response.json(200, new ApiModel.Version(cluster.publish(key, value).toString()));
        } catch (PayloadTooLargeException e) {
            return Response.error(413, e.getMessage());
        }
    }

    private Response tooLarge(long size) {
        String length = size >= 0 ? size + " bytes" : "more than " + maxValueBytes + " bytes";
        return Response.error(413, "value is " + length + ", over the limit of " + maxValueBytes + " bytes");
    }
}

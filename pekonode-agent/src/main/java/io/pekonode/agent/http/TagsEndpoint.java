package io.pekonode.agent.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.pekonode.api.Cluster;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's tags at run time ({@code serf tags}):
 * <ul>
 *   <li>{@code GET /v1/tags}: the tags.</li>
 *   <li>{@code PUT /v1/tags} with a JSON object of strings: sets those tags, keeping the others.</li>
 *   <li>{@code DELETE /v1/tags?key=K[&key=...]}: removes those tags.</li>
 * </ul>
 * Each change raises the node's incarnation and spreads to every member; answers with the new tags.
 */
final class TagsEndpoint implements Endpoint {

    static final String PATH = "/v1/tags";
    private static final int MAX_BODY = 64 * 1024;

    private final Cluster cluster;

    TagsEndpoint(Cluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "PUT", "DELETE");
    }

    @Override
    public Set<String> parameters(String method) {
        return "DELETE".equals(method) ? Set.of("key") : Set.of();
    }

    @Override
    public boolean takesBody(String method) {
        return "PUT".equals(method);
    }

    @Override
    public Response handle(Request request) throws IOException {
        Map<String, String> tags = new LinkedHashMap<>(cluster.localMember().tags());
        switch (request.method()) {
            case "GET" -> {
                return Response.json(200, new ApiModel.Tags(tags));
            }
            case "PUT" -> {
                byte[] body;
                try {
                    body = Bodies.read(request, MAX_BODY, "tags");
                } catch (Bodies.TooLarge e) {
                    return Response.error(413, e.getMessage());
                }
                JsonNode json;
                try {
                    json = Json.MAPPER.readTree(body);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    return Response.error(400, "body must be a JSON object of tag names to string values: "
                            + e.getOriginalMessage());
                }
                if (json == null || !json.isObject() || json.isEmpty()) {
                    return Response.error(400, "body must be a non-empty JSON object of tag names to string values");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!e.getValue().isTextual()) {
                        return Response.error(400, "tag '" + e.getKey() + "' must have a string value");
                    }
                    tags.put(e.getKey(), e.getValue().asText());
                }
            }
            case "DELETE" -> {
                List<String> keys = request.params().all("key");
                if (keys.isEmpty()) {
                    return Response.error(400, "give the tags to delete as key=NAME");
                }
                keys.forEach(tags::remove);
            }
            default -> throw new IllegalStateException("router let through " + request.method());
        }
        cluster.updateTags(tags);
        return Response.json(200, new ApiModel.Tags(cluster.localMember().tags()));
    }
}

package io.pekonode.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.it.cluster.AgentNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak's view of an agent's HTTP API where it needs more than the shared client: the version a write
 * returns, the whole key map, and the raw metrics.
 */
final class SoakClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private SoakClient() {
    }

    /** PUT /v1/kv/{key}; the acknowledged version ({@code millis.logical@nodeId}). */
    static String put(AgentNode node, String key, String value) throws IOException {
        return version(send(request(node, kvPath(key)).PUT(HttpRequest.BodyPublishers.ofString(value))));
    }

    /** DELETE /v1/kv/{key}; the acknowledged version of the tombstone. */
    static String delete(AgentNode node, String key) throws IOException {
        return version(send(request(node, kvPath(key)).DELETE()));
    }

    /** GET /v1/kv: every live key with its value. */
    static Map<String, String> all(AgentNode node) throws IOException {
        JsonNode root = JSON.readTree(body(send(request(node, "/v1/kv").GET()), 200));
        Map<String, String> values = new TreeMap<>();
        root.path("keys").fields().forEachRemaining(e -> values.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        return values;
    }

    /** GET /v1/metrics as the agent sends it. */
    static String metrics(AgentNode node) throws IOException {
        return body(send(request(node, "/v1/metrics").GET()), 200);
    }

    /** Orders versions {@code millis.logical@nodeId} as the cluster does. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("@", 2);
        String[] y = b.split("@", 2);
        String[] xt = x[0].split("\\.");
        String[] yt = y[0].split("\\.");
        int c = Long.compare(Long.parseLong(xt[0]), Long.parseLong(yt[0]));
        if (c == 0) {
            c = Integer.compare(Integer.parseInt(xt[1]), Integer.parseInt(yt[1]));
        }
        return c != 0 ? c : x[1].compareTo(y[1]);
    }

    private static String version(HttpResponse<String> response) throws IOException {
        String body = body(response, 200, 201, 204);
        String version = JSON.readTree(body).path("version").asText("");
        if (version.isEmpty()) {
            throw new IOException("no version in the answer: " + body);
        }
        return version;
    }

    private static String body(HttpResponse<String> response, int... expected) throws IOException {
        for (int code : expected) {
            if (response.statusCode() == code) {
                return response.body();
            }
        }
        throw new IOException(response.request().method() + " " + response.uri() + " answered " + response.statusCode()
                + ": " + response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static HttpRequest.Builder request(AgentNode node, String path) {
        // The shared client prints its base URI: http://host:mapped-port
        return HttpRequest.newBuilder(URI.create(node.api().toString()).resolve(path)).timeout(TIMEOUT);
    }

    private static String kvPath(String key) {
        return "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}

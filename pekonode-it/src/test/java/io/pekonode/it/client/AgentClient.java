package io.pekonode.it.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Talks to one agent's HTTP API. Every call has a short timeout: a hung node must not hang the test. */
public final class AgentClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final URI base;

    public AgentClient(String host, int port) {
        this.base = URI.create("http://" + host + ":" + port);
    }

    /** GET /v1/members: this node's view of the cluster, itself included. */
    public List<MemberView> members() throws IOException {
        JsonNode root = JSON.readTree(send(request("/v1/members").GET(), 200).body());
        List<MemberView> members = new ArrayList<>();
        for (JsonNode m : root.path("members")) {
            Map<String, String> tags = new LinkedHashMap<>();
            m.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
            members.add(new MemberView(m.path("id").asText(), m.path("name").asText(), m.path("address").asText(),
                    m.path("state").asText(), m.path("incarnation").asLong(), tags));
        }
        return members;
    }

    /** GET /v1/kv/{key}; empty when the agent answers 404. */
    public Optional<String> get(String key) throws IOException {
        HttpResponse<byte[]> response = send(request(kvPath(key)).GET(), 200, 404);
        return response.statusCode() == 404 ? Optional.empty()
                : Optional.of(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** PUT /v1/kv/{key} with the value's UTF-8 bytes. */
    public void put(String key, String value) throws IOException {
        send(request(kvPath(key)).PUT(HttpRequest.BodyPublishers.ofByteArray(value.getBytes(StandardCharsets.UTF_8))),
                200, 201, 204);
    }

    /** DELETE /v1/kv/{key}: removes the key cluster-wide (a tombstone that spreads like a write). */
    public void delete(String key) throws IOException {
        send(request(kvPath(key)).DELETE(), 200, 204);
    }

    /** GET /v1/kv: every live key with its value (sent as base64, decoded here as UTF-8 text). */
    public Map<String, String> all() throws IOException {
        JsonNode root = JSON.readTree(send(request("/v1/kv").GET(), 200).body());
        Map<String, String> values = new TreeMap<>();
        root.path("keys").fields().forEachRemaining(e -> values.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        return values;
    }

    /** POST /v1/leave: a graceful departure, announced to the cluster. */
    public void leave() throws IOException {
        send(request("/v1/leave").timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.noBody()),
                200, 202, 204);
    }

    /** GET /v1/health answers 200. */
    public boolean healthy() {
        try {
            return send(request("/v1/health").GET()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private static String kvPath(String key) {
        return "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request, int... expected) throws IOException {
        HttpRequest built = request.build();
        HttpResponse<byte[]> response;
        try {
            response = HTTP.send(built, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + built.method() + " " + built.uri(), e);
        }
        if (expected.length == 0) {
            return response;
        }
        for (int code : expected) {
            if (response.statusCode() == code) {
                return response;
            }
        }
        throw new IOException(built.method() + " " + built.uri() + " answered " + response.statusCode() + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
    }
}

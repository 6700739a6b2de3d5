package io.pekonode.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.agent.http.KeyPath;
import io.pekonode.api.NodeAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Talks to an agent's HTTP API for the client subcommands. Every call returns the status and body;
 * only "nobody answered" is an exception, so commands can word each HTTP error themselves.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Above the agent's own leave wait, so {@code POST /v1/leave} gets its answer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final HttpClient http;

    public ApiClient(NodeAddress agent) {
        this.base = URI.create("http://" + agent + "/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** An answer: status, body bytes, and the body as JSON when it is JSON. */
    public record Reply(int status, byte[] body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("the agent sent malformed JSON (status " + status + ")", e);
            }
        }

        /** The {@code error} field of an error answer, or the status alone. */
        public String error() {
            try {
                JsonNode error = JSON.readTree(body).get("error");
                if (error != null) {
                    return error.asText();
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: fall through to the bare status
            }
            return "HTTP " + status;
        }
    }

    public Reply members() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/members")).GET());
    }

    public Reply health() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/health")).GET());
    }

    public Reply keys() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/kv")).GET());
    }

    public Reply get(String key) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(keyUri(key)).GET());
    }

    public Reply put(String key, byte[] value) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(keyUri(key)).PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
    }

    public Reply delete(String key) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(keyUri(key)).DELETE());
    }

    /**
     * A call on {@code /v1/consensus/REST}: {@code rest} and {@code query} already encoded; a null body
     * sends none. Waits up to {@code timeout} (a lock may wait that long).
     */
    public Reply consensus(String method, String rest, String query, byte[] body, Duration timeout)
            throws AgentUnreachableException {
        URI uri = URI.create(base + "v1/consensus/" + rest + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(HttpRequest.newBuilder(uri).method(method, publisher), timeout);
    }

    public Reply leave() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/leave")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST /v1/event/{name}}. */
    public Reply event(String name, byte[] payload, boolean coalesce) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(URI.create(base + "v1/event/" + KeyPath.encode(name)
                + (coalesce ? "?coalesce=true" : ""))).POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
    }

    /**
     * {@code POST /v1/query/{name}}; waits as long as the query runs.
     *
     * @param timeout the query's timeout, or null for the agent's default
     */
    public Reply query(String name, byte[] payload, Map<String, String> tags, List<String> nodes, Duration timeout,
                       boolean ack) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        tags.forEach((k, v) -> param(query, "tag", k + "=" + v));
        nodes.forEach(n -> param(query, "node", n));
        if (timeout != null) {
            param(query, "timeout", timeout.toMillis() + "ms");
        }
        if (!ack) {
            param(query, "ack", "false");
        }
        URI uri = URI.create(base + "v1/query/" + KeyPath.encode(name) + (query.length() > 0 ? "?" + query : ""));
        Duration wait = (timeout != null ? timeout : Duration.ofSeconds(60)).plus(REQUEST_TIMEOUT);
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(payload)), wait);
    }

    /** {@code GET /v1/services/{name}}. */
    public Reply services(String name) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(URI.create(base + "v1/services/" + KeyPath.encode(name))).GET());
    }

    /** {@code GET /v1/events?since=N}. */
    public Reply events(long since) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/events?since=" + since)).GET());
    }

    private static void param(StringBuilder query, String name, String value) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return base.resolve(path);
    }

    private URI keyUri(String key) {
        return URI.create(base + "v1/kv/" + KeyPath.encode(key));
    }

    private Reply send(HttpRequest.Builder request) throws AgentUnreachableException {
        return send(request, REQUEST_TIMEOUT);
    }

    private Reply send(HttpRequest.Builder request, Duration timeout) throws AgentUnreachableException {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new AgentUnreachableException("cannot reach a PekoNode agent at http://" + base.getAuthority()
                    + " (" + describe(e) + "). Is `pekonode agent` running? Point at it with --http HOST:PORT.", e);
        } catch (HttpTimeoutException e) {
            throw new AgentUnreachableException("the agent at http://" + base.getAuthority()
                    + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AgentUnreachableException("talking to the agent at http://" + base.getAuthority()
                    + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnreachableException("interrupted while waiting for the agent", e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

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
import javax.net.ssl.SSLContext;

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
    private final String token;

    public ApiClient(NodeAddress agent) {
        this(agent, false, null, null);
    }

    /**
     * @param tls   speak HTTPS
     * @param ssl   the TLS context (trusted CAs, client certificate), or null for the JDK's defaults
     * @param token the API token sent as {@code Authorization: Bearer}, or null
     */
    public ApiClient(NodeAddress agent, boolean tls, SSLContext ssl, String token) {
        this.base = URI.create((tls ? "https://" : "http://") + agent + "/");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.token = token;
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

        /**
         * The {@code error} field of an error answer, or the status alone; refused tokens say so in the
         * same line (401: none or wrong, 403: a read token on a write, 429: too many failed attempts).
         */
        public String error() {
            String message = "HTTP " + status;
            try {
                JsonNode error = JSON.readTree(body).get("error");
                if (error != null) {
                    message = error.asText();
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: keep the bare status
            }
            return switch (status) {
                case 401 -> "not authorized (401): " + message + "; pass --token-file FILE or set PEKONODE_TOKEN";
                case 403 -> "forbidden (403): " + message;
                case 429 -> "refused (429): " + message;
                default -> message;
            };
        }
    }

    public Reply members() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/members")).GET());
    }

    /** {@code GET /v1/members} with filters (each may be null or empty). */
    public Reply members(List<String> statuses, String nameRegex, Map<String, String> tags) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        statuses.forEach(s -> param(query, "status", s));
        if (nameRegex != null) {
            param(query, "name", nameRegex);
        }
        tags.forEach((k, v) -> param(query, "tag", k + "=" + v));
        return send(HttpRequest.newBuilder(URI.create(base + "v1/members" + (query.length() > 0 ? "?" + query : ""))).GET());
    }

    /** {@code POST /v1/join?address=...}. */
    public Reply join(List<String> addresses) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        addresses.forEach(a -> param(query, "address", a));
        return send(HttpRequest.newBuilder(URI.create(base + "v1/join?" + query)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST /v1/force-leave/{name}[?prune=true]}. */
    public Reply forceLeave(String name, boolean prune) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(URI.create(base + "v1/force-leave/" + KeyPath.encode(name)
                + (prune ? "?prune=true" : ""))).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply tags() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/tags")).GET());
    }

    /** {@code PUT /v1/tags}: sets these tags, keeping the others. */
    public Reply setTags(Map<String, String> tags) throws AgentUnreachableException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(tags);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(uri("v1/tags")).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** {@code DELETE /v1/tags?key=...}. */
    public Reply deleteTags(List<String> keys) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        keys.forEach(k -> param(query, "key", k));
        return send(HttpRequest.newBuilder(URI.create(base + "v1/tags?" + query)).DELETE());
    }

    public Reply info() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/info")).GET());
    }

    /** {@code GET /v1/keyring}. */
    public Reply keyring() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/keyring")).GET());
    }

    /** {@code POST /v1/keyring/{install|use|remove}} with {@code body} (a key-file line or a key id). */
    public Reply keyring(String action, String body) throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/keyring/" + action)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * {@code GET /v1/stream}: calls {@code onLine} with each line of the event stream as it arrives,
     * until the stream ends, {@code onLine} returns false, or the thread is interrupted.
     *
     * @return the status when the agent refused the stream (with the error in {@code body}), else 200
     */
    public Reply stream(List<String> types, java.util.function.Predicate<String> onLine) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        types.forEach(t -> param(query, "type", t));
        URI uri = URI.create(base + "v1/stream" + (query.length() > 0 ? "?" + query : ""));
        return lines(HttpRequest.newBuilder(uri).GET(), null, onLine);
    }

    /** {@code POST /v1/query/{name}?stream=true}: each JSON line of the answer to {@code onLine} as it arrives. */
    public Reply queryStream(String name, byte[] payload, Map<String, String> tags, List<String> nodes, Duration timeout,
                             boolean ack, java.util.function.Predicate<String> onLine) throws AgentUnreachableException {
        StringBuilder query = new StringBuilder();
        tags.forEach((k, v) -> param(query, "tag", k + "=" + v));
        nodes.forEach(n -> param(query, "node", n));
        if (timeout != null) {
            param(query, "timeout", timeout.toMillis() + "ms");
        }
        if (!ack) {
            param(query, "ack", "false");
        }
        param(query, "stream", "true");
        URI uri = URI.create(base + "v1/query/" + KeyPath.encode(name) + "?" + query);
        Duration wait = (timeout != null ? timeout : Duration.ofSeconds(60)).plus(REQUEST_TIMEOUT);
        return lines(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(payload)), wait, onLine);
    }

    private Reply lines(HttpRequest.Builder request, Duration timeout, java.util.function.Predicate<String> onLine)
            throws AgentUnreachableException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (timeout != null) {
            request.timeout(timeout);
        }
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> body = response.body()) {
                if (response.statusCode() != 200) {
                    String text = String.join("\n", body.toList());
                    return new Reply(response.statusCode(), text.getBytes(StandardCharsets.UTF_8));
                }
                java.util.Iterator<String> it = body.iterator();
                while (it.hasNext()) {
                    if (!onLine.test(it.next())) {
                        break;
                    }
                }
            }
            return new Reply(200, new byte[0]);
        } catch (java.io.UncheckedIOException e) {
            throw unreachable(e.getCause(), timeout);
        } catch (IOException e) {
            throw unreachable(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnreachableException("interrupted while waiting for the agent", e);
        }
    }

    public Reply discovery() throws AgentUnreachableException {
        return send(HttpRequest.newBuilder(uri("v1/discovery")).GET());
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
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw unreachable(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnreachableException("interrupted while waiting for the agent", e);
        }
    }

    private AgentUnreachableException unreachable(IOException e, Duration timeout) {
        String where = base.getScheme() + "://" + base.getAuthority();
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return new AgentUnreachableException("cannot reach a PekoNode agent at " + where + " (" + describe(e)
                    + "). Is `pekonode agent` running? Point at it with --http HOST:PORT.", e);
        }
        if (e instanceof HttpTimeoutException && timeout != null) {
            return new AgentUnreachableException("the agent at " + where + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return new AgentUnreachableException("TLS with the agent at " + where + " failed: " + describe(e)
                    + " (check --http https://..., --tls-ca and the client certificate)", e);
        }
        return new AgentUnreachableException("talking to the agent at " + where + " failed: " + describe(e), e);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

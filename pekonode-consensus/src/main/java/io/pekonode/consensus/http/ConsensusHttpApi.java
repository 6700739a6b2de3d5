package io.pekonode.consensus.http;

import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusClosedException;
import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusLimitException;
import io.pekonode.consensus.ConsensusStatus;
import io.pekonode.consensus.ConsensusTimeoutException;
import io.pekonode.consensus.Lease;
import io.pekonode.consensus.NoLeaderException;
import io.pekonode.consensus.NoSuchKeyException;
import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.VersionMismatchException;
import io.pekonode.consensus.Versioned;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consensus resources, for any HTTP server to mount under {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@code GET leader}: the leader as this node knows it, and this node's view of the group;</li>
 *   <li>{@code GET kv/KEY} (add {@code ?stale} for a read without a round trip): {@code {"key", "version",
 *       "value"}} with the value in base64, or with {@code ?raw} the value's bytes and its version in the
 *       {@value #VERSION_HEADER} header; 404 when missing;</li>
 *   <li>{@code PUT kv/KEY} with the raw value (add {@code ?cas=VERSION} for a compare-and-set): the new
 *       version; 409 with the current version when the key moved, 404 when a compare-and-set finds no key;</li>
 *   <li>{@code DELETE kv/KEY}: whether it existed;</li>
 *   <li>{@code PUT lock/NAME} (optional {@code ?wait=MILLIS}, default 0): the fencing token; this node holds
 *       and renews the lease until {@code DELETE lock/NAME?token=TOKEN}, or until it is lost; 409 when held.</li>
 * </ul>
 *
 * <p>Every failure is a 4xx or 5xx with a JSON body {@code {"error": "..."}}: 400 bad input, 413 a value over
 * the limit, 503 no leader (nothing was written, retry later), 504 a timeout whose outcome is unknown.
 */
public final class ConsensusHttpApi {

    public static final String PREFIX = "/v1/consensus/";
    public static final String VERSION_HEADER = "X-Pekonode-Version";

    /** What to send back. {@code body} is JSON unless {@code contentType} says otherwise. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Answer {
            Objects.requireNonNull(contentType, "contentType");
            body = body.clone();
            headers = Map.copyOf(headers);
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        static Answer json(int status, String json) {
            return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer error(int status, String message) {
            return json(status, "{\"error\":" + quote(message) + "}");
        }

        /** The body as text, for tests and logs. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Consensus consensus;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public ConsensusHttpApi(Consensus consensus) {
        this.consensus = Objects.requireNonNull(consensus, "consensus");
    }

    /** The methods {@code rest} accepts (the path after {@link #PREFIX}), empty when it names nothing. */
    public List<String> methods(String rest) {
        if (rest.equals("leader")) {
            return List.of("GET");
        }
        if (rest.startsWith("kv/")) {
            return List.of("GET", "PUT", "DELETE");
        }
        if (rest.startsWith("lock/")) {
            return List.of("PUT", "DELETE");
        }
        return List.of();
    }

    /**
     * Handles one request. Blocks up to the module's request timeout (or a lock's wait); never throws for
     * bad input or a failed call.
     *
     * @param rawRest  the still percent-encoded path after {@link #PREFIX}
     * @param rawQuery the still percent-encoded query, or null
     */
    public Answer handle(String method, String rawRest, String rawQuery, byte[] body) {
        Map<String, String> query;
        String rest;
        try {
            query = parseQuery(rawQuery);
            rest = rawRest;
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        List<String> allowed = methods(rest);
        if (allowed.isEmpty()) {
            return Answer.error(404, "no such resource: " + PREFIX + rest);
        }
        if (!allowed.contains(method)) {
            return Answer.error(405, method + " is not allowed on " + PREFIX + rest + "; use " + String.join(", ", allowed));
        }
        try {
            if (rest.equals("leader")) {
                return leader();
            }
            if (rest.startsWith("kv/")) {
                return kv(method, decode(rest.substring(3)), query, body);
            }
            return lock(method, decode(rest.substring(5)), query);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        } catch (ConsensusException e) {
            return failure(e);
        }
    }

    private Answer leader() {
        ConsensusStatus s = consensus.status();
        return Answer.json(200, "{\"leader\":" + s.leader().map(ConsensusHttpApi::quote).orElse("null")
                + ",\"isLeader\":" + consensus.isLeader() + ",\"localId\":" + quote(s.localId()) + ",\"role\":"
                + quote(s.role()) + ",\"term\":" + s.term() + ",\"voters\":" + list(s.voters()) + ",\"learners\":"
                + list(s.learners()) + ",\"commitIndex\":" + s.commitIndex() + "}");
    }

    private Answer kv(String method, String key, Map<String, String> query, byte[] body) {
        int maxValue = consensus.config().maxValueBytes();
        switch (method) {
            case "GET" -> {
                ReadConsistency consistency = query.containsKey("stale") ? ReadConsistency.STALE
                        : ReadConsistency.LINEARIZABLE;
                Optional<Versioned> v = consensus.map().get(key, consistency);
                if (v.isEmpty()) {
                    return Answer.error(404, "no such key: '" + key + "'");
                }
                if (query.containsKey("raw")) {
                    return new Answer(200, "application/octet-stream", v.get().value(),
                            Map.of(VERSION_HEADER, Long.toString(v.get().version())));
                }
                return Answer.json(200, "{\"key\":" + quote(key) + ",\"version\":" + v.get().version()
                        + ",\"value\":\"" + java.util.Base64.getEncoder().encodeToString(v.get().value()) + "\"}");
            }
            case "PUT" -> {
                if (body.length > maxValue) {
                    return Answer.error(413, "value is " + body.length + " bytes, over the limit of " + maxValue);
                }
                String cas = query.get("cas");
                long version;
                if (cas == null) {
                    version = consensus.map().put(key, body);
                } else {
                    try {
                        version = consensus.map().compareAndSet(key, parseLong(cas, "cas"), body);
                    } catch (VersionMismatchException e) {
                        return Answer.json(409, "{\"error\":" + quote(e.getMessage()) + ",\"currentVersion\":"
                                + e.currentVersion() + "}");
                    } catch (NoSuchKeyException e) {
                        return Answer.error(404, e.getMessage());
                    }
                }
                return Answer.json(200, "{\"version\":" + version + "}");
            }
            default -> {
                return Answer.json(200, "{\"deleted\":" + consensus.map().delete(key) + "}");
            }
        }
    }

    private Answer lock(String method, String name, Map<String, String> query) {
        if (method.equals("PUT")) {
            long waitMillis = query.containsKey("wait") ? parseLong(query.get("wait"), "wait") : 0;
            if (waitMillis < 0 || waitMillis > 3_600_000) {
                throw new IllegalArgumentException("wait must be 0..3600000 milliseconds, not " + waitMillis);
            }
            Optional<Lease> lease;
            try {
                lease = waitMillis == 0 ? consensus.tryLock(name)
                        : Optional.of(consensus.lock(name, Duration.ofMillis(waitMillis)));
            } catch (ConsensusTimeoutException e) {
                if (e.outcomeUnknown()) {
                    throw e;
                }
                lease = Optional.empty();
            }
            if (lease.isEmpty()) {
                return Answer.error(409, "lock '" + name + "' is held by another holder");
            }
            Lease held = lease.get();
            String id = name + "\u0000" + held.fencingToken();
            leases.put(id, held);
            held.onLost(() -> leases.remove(id, held));
            return Answer.json(200, "{\"name\":" + quote(name) + ",\"token\":" + held.fencingToken() + "}");
        }
        String token = query.get("token");
        if (token == null) {
            throw new IllegalArgumentException("DELETE needs ?token=TOKEN (the token PUT answered)");
        }
        Lease held = leases.remove(name + "\u0000" + parseLong(token, "token"));
        if (held == null) {
            return Answer.error(404, "this node holds no lease on '" + name + "' with token " + token);
        }
        held.close();
        return Answer.json(200, "{\"released\":true}");
    }

    /** Releases every lease held for HTTP clients (the agent is stopping). */
    public void releaseAll() {
        leases.values().forEach(Lease::close);
        leases.clear();
    }

    private static Answer failure(ConsensusException e) {
        if (e instanceof ConsensusLimitException) {
            return Answer.error(400, e.getMessage());
        }
        if (e instanceof NoLeaderException || e instanceof ConsensusClosedException) {
            return Answer.error(503, e.getMessage());
        }
        if (e instanceof ConsensusTimeoutException t) {
            return Answer.json(504, "{\"error\":" + quote(e.getMessage()) + ",\"outcomeUnknown\":" + t.outcomeUnknown()
                    + "}");
        }
        if (e instanceof NoSuchKeyException) {
            return Answer.error(404, e.getMessage());
        }
        return Answer.error(502, e.getMessage());
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static String decode(String raw) {
        String s = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the name after the resource is empty");
        }
        return s;
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new java.util.HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(items.get(i)));
        }
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

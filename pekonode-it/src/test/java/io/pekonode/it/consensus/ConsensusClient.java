package io.pekonode.it.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pekonode.it.cluster.AgentNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An agent's {@code /v1/consensus/} resources, with every answer sorted by what it says about the
 * outcome: applied, refused, not applied (503, or a 504 that says the outcome is known), or unknown
 * (a timeout or a broken connection after the request may have gone out).
 */
final class ConsensusClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** What one node says about the group ({@code GET /v1/consensus/leader}). */
    record LeaderView(String alias, Optional<String> leader, boolean isLeader, String localId, String role, long term,
                      List<String> voters) {
    }

    /** The outcome of a put or a compare-and-set. */
    sealed interface Write permits Applied, Mismatch, NoKey, NotApplied, Unknown {
    }

    record Applied(long version) implements Write {
    }

    /** A compare-and-set found another version. */
    record Mismatch(long currentVersion) implements Write {
    }

    /** A compare-and-set found no key. */
    record NoKey() implements Write {
    }

    /** Nothing was written: no leader answered (503), or a timeout the agent says was before anything was sent. */
    record NotApplied(String reason) implements Write {
    }

    /** It may or may not have been applied. */
    record Unknown(String reason) implements Write {
    }

    /** A linearizable read: found (value, version), missing, or failed (a failed read is simply dropped). */
    record Read(boolean ok, boolean found, long value, long version, String reason) {
    }

    /** A lock request: granted with a token, not granted, or unknown (a grant may exist that nobody holds). */
    record LockReply(OptionalLong token, boolean unknown, String reason) {
    }

    private ConsensusClient() {
    }

    static LeaderView leader(AgentNode node, Duration timeout) throws IOException {
        HttpResponse<String> r = send(request(node, "leader", null, timeout).GET());
        if (r.statusCode() != 200) {
            throw new IOException(node + ": leader answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode root = JSON.readTree(r.body());
        List<String> voters = new ArrayList<>();
        root.path("voters").forEach(v -> voters.add(v.asText()));
        JsonNode leader = root.path("leader");
        return new LeaderView(node.alias(), leader.isNull() || leader.isMissingNode() ? Optional.empty()
                : Optional.of(leader.asText()), root.path("isLeader").asBoolean(), root.path("localId").asText(),
                root.path("role").asText(), root.path("term").asLong(), List.copyOf(voters));
    }

    /** {@code PUT kv/KEY}, with {@code ?cas=VERSION} when {@code expected} is present. */
    static Write put(AgentNode node, String key, long value, OptionalLong expected, Duration timeout) {
        HttpResponse<String> r;
        try {
            r = send(request(node, "kv/" + encode(key), expected.isPresent() ? "cas=" + expected.getAsLong() : null,
                    timeout).PUT(HttpRequest.BodyPublishers.ofString(Long.toString(value))));
        } catch (ConnectException e) {
            return new NotApplied("no connection: " + e); // nothing was sent
        } catch (IOException e) {
            return new Unknown(e.toString());
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            return switch (r.statusCode()) {
                case 200 -> new Applied(body.path("version").asLong());
                case 409 -> new Mismatch(body.path("currentVersion").asLong());
                case 404 -> new NoKey();
                case 503 -> new NotApplied("503 " + r.body());
                case 504 -> body.path("outcomeUnknown").asBoolean(true) ? new Unknown("504 " + r.body())
                        : new NotApplied("504 " + r.body());
                default -> new Unknown(r.statusCode() + " " + r.body());
            };
        } catch (IOException e) {
            return new Unknown(r.statusCode() + " unreadable answer " + r.body());
        }
    }

    /** {@code GET kv/KEY}: a linearizable read. */
    static Read get(AgentNode node, String key, Duration timeout) {
        try {
            HttpResponse<String> r = send(request(node, "kv/" + encode(key), null, timeout).GET());
            if (r.statusCode() == 404) {
                return new Read(true, false, -1, 0, "");
            }
            if (r.statusCode() != 200) {
                return new Read(false, false, -1, 0, r.statusCode() + " " + r.body());
            }
            JsonNode body = JSON.readTree(r.body());
            String text = new String(Base64.getDecoder().decode(body.path("value").asText()), StandardCharsets.UTF_8);
            return new Read(true, true, Long.parseLong(text), body.path("version").asLong(), "");
        } catch (IOException | RuntimeException e) {
            return new Read(false, false, -1, 0, e.toString());
        }
    }

    /** {@code PUT lock/NAME?wait=MILLIS}. */
    static LockReply lock(AgentNode node, String name, Duration wait, Duration timeout) {
        HttpResponse<String> r;
        try {
            r = send(request(node, "lock/" + encode(name), "wait=" + wait.toMillis(), timeout)
                    .PUT(HttpRequest.BodyPublishers.noBody()));
        } catch (ConnectException e) {
            return new LockReply(OptionalLong.empty(), false, "no connection: " + e);
        } catch (IOException e) {
            return new LockReply(OptionalLong.empty(), true, e.toString());
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() == 200) {
                return new LockReply(OptionalLong.of(body.path("token").asLong()), false, "");
            }
            boolean unknown = r.statusCode() == 504 ? body.path("outcomeUnknown").asBoolean(true)
                    : r.statusCode() != 409 && r.statusCode() != 503;
            return new LockReply(OptionalLong.empty(), unknown, r.statusCode() + " " + r.body());
        } catch (IOException e) {
            return new LockReply(OptionalLong.empty(), true, r.statusCode() + " unreadable answer " + r.body());
        }
    }

    /** {@code DELETE lock/NAME?token=T}: the HTTP status (200 released, 404 this node no longer holds that lease). */
    static int unlock(AgentNode node, String name, long token, Duration timeout) throws IOException {
        return send(request(node, "lock/" + encode(name), "token=" + token, timeout).DELETE()).statusCode();
    }

    private static HttpRequest.Builder request(AgentNode node, String rest, String query, Duration timeout) {
        // The shared client prints its base URI: http://host:mapped-port
        URI uri = URI.create(node.api() + "/v1/consensus/" + rest + (query == null ? "" : "?" + query));
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}

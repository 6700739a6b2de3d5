package io.pekonode.agent.http;

import io.pekonode.agent.format.Durations;
import io.pekonode.agent.format.PayloadText;
import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/query/{name}?tag=K=REGEX&node=ID&timeout=2s&ack=false}: runs a cluster query with
 * the raw body as payload and answers, at its deadline, the acks and responses it collected. The
 * HTTP call lasts as long as the query.
 */
final class QueryEndpoint implements Endpoint {

    static final String PREFIX = "/v1/query/";
    /** Longest timeout a caller may ask for: the query holds one of the API's few threads. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** How long past the query's own deadline to wait for the node to complete it. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Wait bound when the caller leaves the timeout to the node's default. */
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private final Cluster cluster;
    private final int maxPayloadBytes;
    /** Queries block an API thread each; leave the others for health checks and the rest of the API. */
    private final Semaphore inFlight;

    QueryEndpoint(Cluster cluster, int maxPayloadBytes, int maxInFlight) {
        this.cluster = cluster;
        this.maxPayloadBytes = maxPayloadBytes;
        this.inFlight = new Semaphore(maxInFlight);
    }

    @Override
    public Set<String> methods() {
        return Set.of("POST");
    }

    @Override
    public Response handle(Request request) throws IOException {
        String name;
        QueryOptions options;
        try {
            name = MessageName.decode(request.rawRemainder(), "query");
            options = options(request.params());
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        }
        byte[] payload;
        try {
            payload = Bodies.read(request, maxPayloadBytes, "query payload");
        } catch (Bodies.TooLarge e) {
            return Response.error(413, e.getMessage());
        }
        if (!inFlight.tryAcquire()) {
            return Response.error(429, "too many queries running on this agent; retry when one has finished");
        }
        try {
            return run(name, payload, options);
        } finally {
            inFlight.release();
        }
    }

    private Response run(String name, byte[] payload, QueryOptions options) {
        CompletableFuture<QueryResult> pending;
        try {
            pending = cluster.query(name, payload, options);
        } catch (PayloadTooLargeException e) {
            return Response.error(413, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Response.error(400, e.getMessage());
        } catch (UnsupportedOperationException e) {
            return Response.error(501, "this node cannot run queries: " + e.getMessage());
        }
        Duration wait = options.timeout().map(t -> t.plus(GRACE)).orElse(DEFAULT_WAIT);
        try {
            return Response.json(200, view(pending.get(wait.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            pending.cancel(false);
            return Response.error(504, "the query did not complete within " + Durations.format(wait));
        } catch (ExecutionException e) {
            return Response.error(500, "the query failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted while the query ran");
        }
    }

    private static QueryOptions options(QueryParams params) {
        QueryOptions options = QueryOptions.defaults();
        for (String tag : params.all("tag")) {
            int eq = tag.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("tag filter must be KEY=REGEX but was '" + tag + "'");
            }
            options = options.withTag(tag.substring(0, eq), tag.substring(eq + 1));
        }
        List<String> nodes = params.all("node");
        if (!nodes.isEmpty()) {
            options = options.withNodes(nodes);
        }
        if (params.first("timeout").isPresent()) {
            Duration timeout = Durations.parse(params.first("timeout").get());
            if (timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("query timeout " + Durations.format(timeout) + " is over the maximum of "
                        + Durations.format(MAX_TIMEOUT));
            }
            options = options.withTimeout(timeout);
        }
        return options.withAcks(params.flag("ack", true));
    }

    private ApiModel.QueryAnswer view(QueryResult result) {
        List<ApiModel.QueryResponseView> responses = new ArrayList<>();
        for (QueryResponse r : result.responses()) {
            byte[] bytes = r.payload();
            String text = PayloadText.utf8OrNull(bytes);
            String memberName = cluster.member(r.memberId()).map(Member::name).orElse(null);
            responses.add(new ApiModel.QueryResponseView(r.memberId(), memberName, text,
                    text == null ? Base64.getEncoder().encodeToString(bytes) : null));
        }
        List<String> acks = result.acks().stream().sorted().toList();
        return new ApiModel.QueryAnswer(result.name(), acks, responses, acks.size(), responses.size());
    }
}

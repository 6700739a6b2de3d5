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
 *
 * <p>With {@code stream=true} the answer is JSON lines ({@code application/x-ndjson}) written as
 * things arrive: {@code {"type":"ack","member":ID,"name":NAME}} per ack,
 * {@code {"type":"response","member":...,"payload":...}} per response, and a last
 * {@code {"type":"done","acks":N,"responses":M}}. Streamed queries hold no server thread while they run.
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
    public Set<String> parameters(String method) {
        return Set.of("tag", "node", "timeout", "ack", "stream");
    }

    @Override
    public boolean takesBody(String method) {
        return true;
    }

    @Override
    public Response handle(Request request) throws IOException {
        String name;
        QueryOptions options;
        boolean stream;
        try {
            name = MessageName.decode(request.rawRemainder(), "query");
            options = options(request.params());
            stream = request.params().flag("stream", false);
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
        if (stream) {
            return streamed(name, payload, options);
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
            return Failures.toResponse("query " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.error(503, "interrupted while the query ran");
        }
    }

    /**
     * Starts the query now, so that a bad one is still an error status; its acks and responses then go
     * out as lines while it runs. The in-flight slot is given back when the query completes.
     */
    private Response streamed(String name, byte[] payload, QueryOptions options) {
        QueryLines lines = new QueryLines(name);
        CompletableFuture<QueryResult> pending;
        try {
            pending = cluster.query(name, payload, options.onEachAck(lines::ack).onEachResponse(lines::response));
        } catch (RuntimeException e) {
            inFlight.release();
            return e instanceof UnsupportedOperationException
                    ? Response.error(501, "this node cannot run queries: " + e.getMessage())
                    : Failures.toResponse("query " + name, e);
        }
        pending.whenComplete((result, failure) -> {
            inFlight.release();
            lines.done(result, failure);
        });
        return Response.stream(Response.JSON_LINES, lines::attach);
    }

    /**
     * The lines of one streamed query. Callbacks may come before the stream is attached (the query
     * starts before the headers go out), so lines wait in a list until then.
     */
    private final class QueryLines {
        private final String name;
        private final List<byte[]> early = new ArrayList<>();
        private final java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private StreamSink sink;
        private boolean finished;

        QueryLines(String name) {
            this.name = name;
        }

        void ack(String member) {
            if (!acked.add(member)) {
                return;
            }
            emit(new ApiModel.QueryLine("ack", member, memberName(member), null, null, null, null));
        }

        void response(QueryResponse r) {
            if (!answered.add(r.memberId())) {
                return;
            }
            String text = PayloadText.utf8OrNull(r.payload());
            emit(new ApiModel.QueryLine("response", r.memberId(), memberName(r.memberId()), text,
                    text == null ? Base64.getEncoder().encodeToString(r.payload()) : null, null, null));
        }

        void done(QueryResult result, Throwable failure) {
            if (failure != null) {
                emit(new ApiModel.QueryLine("error", null, Failures.unwrap(failure).getMessage(), null, null, null, null));
            } else {
                // What no callback delivered (the node skips callbacks when its handler pool is full) still
                // goes out before the totals, so the lines always add up to them.
                result.acks().stream().sorted().forEach(this::ack);
                result.responses().forEach(this::response);
                emit(new ApiModel.QueryLine("done", null, name, null, null, result.acks().size(), result.responses().size()));
            }
            StreamSink target;
            synchronized (this) {
                finished = true;
                target = sink;
            }
            if (target != null) {
                target.finish();
            }
        }

        void attach(StreamSink s) {
            List<byte[]> backlog;
            boolean end;
            synchronized (this) {
                sink = s;
                backlog = List.copyOf(early);
                early.clear();
                end = finished;
            }
            backlog.forEach(s::offer);
            if (end) {
                s.finish();
            }
        }

        private void emit(ApiModel.QueryLine line) {
            byte[] bytes = (new String(Json.write(line), java.nio.charset.StandardCharsets.UTF_8) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StreamSink target;
            synchronized (this) {
                target = sink;
                if (target == null) {
                    early.add(bytes);
                    return;
                }
            }
            target.offer(bytes);
        }

        private String memberName(String id) {
            return cluster.member(id).map(Member::name).orElse(null);
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

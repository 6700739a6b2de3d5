package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The queries this node asked and is still collecting answers for, keyed by query id (the query's
 * Lamport time here, which replies carry back). Each collects acks and responses, at most one
 * response per member (the first; later ones are duplicates from a re-gossiped query), until its
 * deadline, then completes with what arrived. A query never fails for missing answers.
 *
 * <p>Time is passed in ({@link #expire}), so tests drive it with plain numbers. Streamed responses go
 * to the query's {@code onResponse} through the given executor (the handler executor in production),
 * never on the caller's thread, so a slow consumer cannot stall the loop; when that executor refuses,
 * the callback is skipped and counted, but the response stays in the final result. Callbacks of one
 * query may run concurrently and out of arrival order. Thread-safe.
 */
public final class QueryCollectors {

    private static final Logger LOG = LogManager.getLogger(QueryCollectors.class);

    private static final class Collector {
        final String name;
        final long deadline;
        final CompletableFuture<QueryResult> future = new CompletableFuture<>();
        final Consumer<QueryResponse> onResponse;
        final Consumer<String> onAck;
        final Set<String> acks = new LinkedHashSet<>();
        final Set<String> responded = new LinkedHashSet<>();
        final List<QueryResponse> responses = new ArrayList<>();

        Collector(String name, long deadline, Consumer<QueryResponse> onResponse, Consumer<String> onAck) {
            this.name = name;
            this.deadline = deadline;
            this.onResponse = onResponse;
            this.onAck = onAck;
        }

        QueryResult result() {
            return new QueryResult(name, acks, responses);
        }
    }

    private final EngineMetrics metrics;
    private final Predicate<Runnable> callbackExecutor;
    private final Map<Long, Collector> byId = new HashMap<>();
    private final Predicate<String> knownMember;

    /**
     * @param callbackExecutor runs {@code onResponse} calls; returns false when it cannot take one
     */
    public QueryCollectors(EngineMetrics metrics, Predicate<Runnable> callbackExecutor) {
        this(metrics, callbackExecutor, id -> true);
    }

    /**
     * @param knownMember answers are taken only from ids this accepts (members known locally), so a
     *                    peer cannot grow a query's result without bound under made-up ids
     */
    public QueryCollectors(EngineMetrics metrics, Predicate<Runnable> callbackExecutor, Predicate<String> knownMember) {
        this.metrics = metrics;
        this.callbackExecutor = callbackExecutor;
        this.knownMember = knownMember;
    }

    /** Starts collecting for query {@code queryId} until {@code deadlineMillis}. */
    public synchronized CompletableFuture<QueryResult> open(long queryId, String name, long deadlineMillis,
                                                            Consumer<QueryResponse> onResponse) {
        return open(queryId, name, deadlineMillis, onResponse, null);
    }

    /** As above; {@code onAck} (may be null) gets the member id of each first acknowledgement. */
    public synchronized CompletableFuture<QueryResult> open(long queryId, String name, long deadlineMillis,
                                                            Consumer<QueryResponse> onResponse, Consumer<String> onAck) {
        Collector c = new Collector(name, deadlineMillis, onResponse, onAck);
        Collector previous = byId.put(queryId, c);
        if (previous != null) {
            // Ids are Lamport times, unique per node; a clash means a bug upstream. Do not strand the first.
            previous.future.complete(previous.result());
        }
        return c.future;
    }

    /** Records an ack or a response; false when no open query has that id. */
    public boolean onReply(QueryReply reply) {
        QueryResponse streamed = null;
        String acked = null;
        Consumer<QueryResponse> consumer;
        Consumer<String> ackConsumer;
        synchronized (this) {
            Collector c = byId.get(reply.queryId());
            if (c == null) {
                metrics.messaging(MessagingOutcome.REPLY_UNMATCHED);
                return false;
            }
            String from = reply.origin().nodeId();
            if (!knownMember.test(from)) {
                metrics.messaging(MessagingOutcome.REPLY_UNMATCHED);
                return false;
            }
            consumer = c.onResponse;
            ackConsumer = c.onAck;
            if (reply.ack()) {
                if (c.acks.add(from)) {
                    acked = from;
                }
                metrics.messaging(MessagingOutcome.QUERY_ACK);
            } else if (c.responded.add(from)) {
                streamed = new QueryResponse(from, reply.payload());
                c.responses.add(streamed);
                metrics.messaging(MessagingOutcome.QUERY_RESPONSE);
            }
        }
        if (acked != null && ackConsumer != null) {
            String member = acked;
            if (!callbackExecutor.test(() -> ackCallback(ackConsumer, member))) {
                metrics.messaging(MessagingOutcome.CALLBACK_FAILED);
            }
        }
        if (streamed != null && consumer != null) {
            QueryResponse response = streamed;
            if (!callbackExecutor.test(() -> callback(consumer, response))) {
                metrics.messaging(MessagingOutcome.CALLBACK_FAILED);
            }
        }
        return true;
    }

    /** Completes every query whose deadline is at or before {@code nowMillis}. */
    public void expire(long nowMillis) {
        List<Collector> done = new ArrayList<>();
        synchronized (this) {
            if (byId.isEmpty()) {
                return;
            }
            byId.values().removeIf(c -> {
                if (c.deadline <= nowMillis) {
                    done.add(c);
                    return true;
                }
                return false;
            });
        }
        // Results are built from collections no longer reachable through the table, so no lock needed.
        done.forEach(c -> c.future.complete(c.result()));
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when no query is open. */
    public synchronized long nextDeadlineMillis() {
        long next = Long.MAX_VALUE;
        for (Collector c : byId.values()) {
            next = Math.min(next, c.deadline);
        }
        return next;
    }

    public synchronized int size() {
        return byId.size();
    }

    /** The node is closing: every open query completes now with what it has. */
    public void closeAll() {
        expire(Long.MAX_VALUE);
    }

    private void ackCallback(Consumer<String> consumer, String member) {
        try {
            consumer.accept(member);
        } catch (RuntimeException e) {
            metrics.messaging(MessagingOutcome.CALLBACK_FAILED);
            LOG.warn("A query's onAck callback threw on the ack of {}", member, e);
        }
    }

    private void callback(Consumer<QueryResponse> consumer, QueryResponse response) {
        try {
            consumer.accept(response);
        } catch (RuntimeException e) {
            metrics.messaging(MessagingOutcome.CALLBACK_FAILED);
            LOG.warn("A query's onResponse callback threw on {}", response, e);
        }
    }
}

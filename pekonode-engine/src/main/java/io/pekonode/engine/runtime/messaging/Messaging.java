package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.Member;
import io.pekonode.api.config.MessagingConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One started node's messaging: wires the pieces together and is what the event loop talks to.
 * The loop calls {@link #receive} for each decoded message (taking direct messages and replies, which
 * the core ignores), {@link #afterBatch} once per batch (member failures, queries to answer,
 * deadlines), and sleeps no longer than {@link #nextDeadlineMillis}. Created when the node starts,
 * closed when it closes: pending requests then fail with {@code DeliveryFailedException}, open
 * queries complete with what they have, and the handler threads stop.
 */
public final class Messaging implements AutoCloseable {
    /**
     * Request ids start at a random value below this: a restarted node does not reuse the ids of its
     * previous life (a late reply cannot complete a new request), and counting up from there never
     * reaches overflow.
     */
    private static final long FIRST_REQUEST_ID_BOUND = Long.MAX_VALUE / 2;

    private final String nodeName;
    private final EngineMetrics metrics;
    private final HandlerExecutor executor;
    private final PendingRequests pending;
    private final QueryCollectors queries;
    private final DirectMessaging direct;
    private final QueryAnswering answering;

    public Messaging(String nodeName, Origin self, Function<String, Optional<Member>> members, HandlerRegistry handlers,
                     MessagingConfig settings, WireSender sender, EngineMetrics metrics, LongSupplier clock,
                     Runnable wakeLoop, int maxMessageBytes) {
        this.nodeName = nodeName;
        this.metrics = metrics;
        this.executor = new HandlerExecutor(nodeName, settings.handlerThreads(), settings.handlerQueueCapacity());
        this.pending = new PendingRequests(metrics, ThreadLocalRandom.current().nextLong(1, FIRST_REQUEST_ID_BOUND), clock);
        this.queries = new QueryCollectors(metrics, executor::tryRun, id -> members.apply(id).isPresent());
        this.direct = new DirectMessaging(nodeName, self, members, handlers, executor, pending, sender, metrics, clock,
                wakeLoop, maxMessageBytes);
        this.answering = new QueryAnswering(self, handlers, executor, sender, metrics, maxMessageBytes);
    }

    /** Sends and requests (called on users' threads). */
    public DirectMessaging direct() {
        return direct;
    }

    /** True for the messages {@link #receive} takes (direct messages and replies). */
    public static boolean isMessaging(WireMessage message) {
        return message instanceof DirectMessage || message instanceof DirectReply || message instanceof QueryReply;
    }

    /** On the loop: takes the messages that belong to messaging; false for everything else. */
    public boolean receive(WireMessage message) {
        if (message instanceof DirectMessage m) {
            direct.onMessage(m);
        } else if (message instanceof DirectReply r) {
            direct.onReply(r);
        } else if (message instanceof QueryReply r) {
            queries.onReply(r);
        } else {
            return false;
        }
        return true;
    }

    /**
     * On the loop, at the end of each batch: fails requests to members that were just declared dead or
     * left, answers the queries the core listed, and expires what is due.
     */
    public void afterBatch(long nowMillis, List<ClusterEvent> events, List<QueryRumor> toAnswer) {
        for (ClusterEvent e : events) {
            if (e instanceof ClusterEvent.MemberFailed f) {
                pending.memberUnavailable(f.member().id(), "dead");
            } else if (e instanceof ClusterEvent.MemberLeft l) {
                pending.memberUnavailable(l.member().id(), "left");
            }
        }
        toAnswer.forEach(answering::answer);
        pending.expire(nowMillis);
        queries.expire(nowMillis);
    }

    /**
     * On the loop, right after {@code ProtocolCore.startQuery}: collects answers to query
     * {@code queryId} until {@code deadlineMillis}. Registered in the same loop command that starts
     * the query, so no answer can arrive before its collector.
     */
    public CompletableFuture<QueryResult> openQuery(long queryId, String name, long deadlineMillis,
                                                    Consumer<QueryResponse> onResponse) {
        return openQuery(queryId, name, deadlineMillis, onResponse, null);
    }

    /** As above, also streaming each acknowledgement's member id to {@code onAck} (may be null). */
    public CompletableFuture<QueryResult> openQuery(long queryId, String name, long deadlineMillis,
                                                    Consumer<QueryResponse> onResponse, Consumer<String> onAck) {
        metrics.messaging(MessagingOutcome.QUERY_STARTED);
        return queries.open(queryId, name, deadlineMillis, onResponse, onAck);
    }

    /** The earliest request or query deadline, or {@link Long#MAX_VALUE}. */
    public long nextDeadlineMillis() {
        return Math.min(pending.nextDeadlineMillis(), queries.nextDeadlineMillis());
    }

    @Override
    public void close() {
        pending.closeAll(nodeName);
        queries.closeAll();
        executor.close();
    }
}

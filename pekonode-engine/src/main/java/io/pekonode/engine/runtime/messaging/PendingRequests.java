package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.messaging.DeliveryFailedException;
import io.pekonode.api.messaging.MemberUnavailableException;
import io.pekonode.api.messaging.MessagingException;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.concurrent.CompletableFuture;

/**
 * Requests waiting for their reply, each with a deadline. Time is passed in by the caller (the event
 * loop's clock in production, plain numbers in tests), so nothing here sleeps or schedules.
 *
 * <p>Exactly-once: whoever removes an entry from the table (reply, timeout, failure, member gone,
 * close) is the one that completes its future and counts the outcome; everyone else finds it gone.
 * Futures are completed outside the lock. Thread-safe: callers register from their own threads, the
 * loop delivers replies and deadlines, transport threads report failed sends.
 *
 * <p>Request ids start at a random number so a reply meant for an earlier incarnation of this node
 * (same address after a restart) does not match a new request.
 */
public final class PendingRequests {

    /** What {@link #register} hands back: the id to put on the wire and the caller's future. */
    public record Registration(long requestId, CompletableFuture<byte[]> future) {
    }

    private record Pending(long id, String targetId, String topic, long deadline, long sentAt,
                           CompletableFuture<byte[]> future) {
    }

    private record Completion(Pending pending, byte[] value, MessagingException failure) {
        void run() {
            if (failure == null) {
                pending.future().complete(value);
            } else {
                pending.future().completeExceptionally(failure);
            }
        }
    }

    private final EngineMetrics metrics;
    private final LongSupplier clock;
    private final Map<Long, Pending> byId = new HashMap<>();
    private final TreeSet<Pending> byDeadline = new TreeSet<>(
            Comparator.comparingLong(Pending::deadline).thenComparingLong(Pending::id));
    private long nextId;

    public PendingRequests(EngineMetrics metrics, long firstId) {
        this(metrics, firstId, () -> 0);
    }

    /** @param clock the loop's milliseconds, to time each request from registration to its reply */
    public PendingRequests(EngineMetrics metrics, long firstId, LongSupplier clock) {
        this.metrics = metrics;
        this.nextId = firstId;
        this.clock = clock;
    }

    /** Adds a request due at {@code deadlineMillis}. */
    public synchronized Registration register(String targetId, String topic, long deadlineMillis) {
        long id = nextId++;
        Pending p = new Pending(id, targetId, topic, deadlineMillis, clock.getAsLong(), new CompletableFuture<>());
        byId.put(id, p);
        byDeadline.add(p);
        return new Registration(id, p.future());
    }

    /**
     * Completes the request a reply answers. Returns false (and changes nothing) when no request with
     * that id is pending or the reply comes from another member than the one asked.
     */
    public boolean onReply(DirectReply reply) {
        Completion c;
        synchronized (this) {
            Pending p = byId.get(reply.requestId());
            if (p == null || !p.targetId().equals(reply.origin().nodeId())) {
                metrics.messaging(MessagingOutcome.REPLY_UNMATCHED);
                return false;
            }
            remove(p);
            metrics.requestLatency(clock.getAsLong() - p.sentAt());
            c = switch (reply.status()) {
                case OK -> counted(new Completion(p, reply.payload(), null), MessagingOutcome.REQUEST_OK);
                case NO_HANDLER -> counted(new Completion(p, null, new NoHandlerException("member " + p.targetId()
                        + " has no handler for topic '" + p.topic() + "'")), MessagingOutcome.REQUEST_NO_HANDLER);
                case HANDLER_FAILED -> counted(new Completion(p, null, new RemoteHandlerException(reply.error())),
                        MessagingOutcome.REQUEST_HANDLER_FAILED);
            };
        }
        c.run();
        return true;
    }

    /** The request could not be sent (encoding, frame limit, connection): fails it if still pending. */
    public void deliveryFailed(long requestId, Throwable cause) {
        Completion c;
        synchronized (this) {
            Pending p = byId.get(requestId);
            if (p == null) {
                return;
            }
            remove(p);
            String why = cause == null ? "" : ": " + cause.getMessage();
            c = counted(new Completion(p, null, new DeliveryFailedException("could not send request '" + p.topic()
                    + "' to member " + p.targetId() + why, cause)), MessagingOutcome.REQUEST_DELIVERY_FAILED);
        }
        c.run();
    }

    /** Fails every request to {@code memberId} at once: it was declared dead or left. */
    public void memberUnavailable(String memberId, String state) {
        List<Completion> done = new ArrayList<>();
        synchronized (this) {
            for (Pending p : List.copyOf(byId.values())) {
                if (p.targetId().equals(memberId)) {
                    remove(p);
                    done.add(counted(new Completion(p, null, new MemberUnavailableException("member " + memberId + " is "
                            + state + "; request '" + p.topic() + "' will not be answered")),
                            MessagingOutcome.MEMBER_UNAVAILABLE));
                }
            }
        }
        done.forEach(Completion::run);
    }

    /** Times out every request whose deadline is at or before {@code nowMillis}. */
    public void expire(long nowMillis) {
        List<Completion> done = new ArrayList<>();
        synchronized (this) {
            while (!byDeadline.isEmpty() && byDeadline.first().deadline() <= nowMillis) {
                Pending p = byDeadline.first();
                remove(p);
                done.add(counted(new Completion(p, null, new RequestTimeoutException("no reply from member "
                        + p.targetId() + " to request '" + p.topic() + "' in time")), MessagingOutcome.REQUEST_TIMEOUT));
            }
        }
        done.forEach(Completion::run);
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when nothing is pending. */
    public synchronized long nextDeadlineMillis() {
        return byDeadline.isEmpty() ? Long.MAX_VALUE : byDeadline.first().deadline();
    }

    public synchronized int size() {
        return byId.size();
    }

    /** Fails everything still pending: the node is closing. */
    public void closeAll(String nodeName) {
        List<Completion> done = new ArrayList<>();
        synchronized (this) {
            for (Pending p : List.copyOf(byId.values())) {
                remove(p);
                done.add(counted(new Completion(p, null, new DeliveryFailedException("node " + nodeName
                        + " closed before member " + p.targetId() + " replied to '" + p.topic() + "'")),
                        MessagingOutcome.REQUEST_CLOSED));
            }
        }
        done.forEach(Completion::run);
    }

    private void remove(Pending p) {
        byId.remove(p.id());
        byDeadline.remove(p);
    }

    private Completion counted(Completion c, String outcome) {
        metrics.messaging(outcome);
        return c;
    }
}

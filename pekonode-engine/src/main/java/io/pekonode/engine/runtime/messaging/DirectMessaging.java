package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.DeliveryFailedException;
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MemberUnavailableException;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.UnknownMemberException;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Sends and answers {@link DirectMessage}s: one-way sends and requests.
 *
 * <p>Paths: a best-effort one-way send goes as a packet when its frame fits one (the sender reroutes a
 * bigger frame over the reliable path); a stream send always goes reliably, without a reply frame. Requests and their replies always
 * go reliably (TCP, also for the UDP transport, which listens for TCP on the same port): a lost
 * packet would otherwise look like a timeout, and large payloads need it anyway.
 *
 * <p>Validation happens on the caller's thread against the published view: an oversized payload
 * throws at the call; an unknown, dead or left member fails the future. A request is registered
 * before the member is checked a second time: the loop publishes the view before it reports member
 * failures to {@link PendingRequests}, so either the second check sees the death or the report
 * finds the registration; there is no window where a request to a dead member waits for its timeout.
 *
 * <p>Encoding happens on the sending thread (the caller's, or the handler thread for replies), not
 * on the event loop, so a 1 MiB payload costs the loop nothing.
 */
public final class DirectMessaging {

    private static final Logger LOG = LogManager.getLogger(DirectMessaging.class);
    private static final byte[] EMPTY = new byte[0];

    private final String nodeName;
    private final Origin self;
    private final Function<String, Optional<Member>> members;
    private final HandlerRegistry handlers;
    private final HandlerExecutor executor;
    private final PendingRequests pending;
    private final WireSender sender;
    private final EngineMetrics metrics;
    private final LongSupplier clock;
    private final Runnable wakeLoop;
    private final int maxMessageBytes;

    public DirectMessaging(String nodeName, Origin self, Function<String, Optional<Member>> members,
                           HandlerRegistry handlers, HandlerExecutor executor, PendingRequests pending, WireSender sender,
                           EngineMetrics metrics, LongSupplier clock, Runnable wakeLoop, int maxMessageBytes) {
        this.nodeName = nodeName;
        this.self = self;
        this.members = members;
        this.handlers = handlers;
        this.executor = executor;
        this.pending = pending;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.wakeLoop = wakeLoop;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** See {@code Cluster.send}. */
    public CompletableFuture<Void> send(String memberId, String topic, byte[] payload, Delivery delivery) {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(delivery, "delivery");
        byte[] copy = checked(payload);
        Member target;
        try {
            target = available(memberId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        DirectMessage message = new DirectMessage(self, 0, topic, copy, false);
        CompletableFuture<Void> done = new CompletableFuture<>();
        sender.send(target.address(), message, delivery == Delivery.STREAM).whenComplete((ok, failure) -> {
            if (failure == null) {
                metrics.messaging(MessagingOutcome.SENT);
                done.complete(null);
            } else {
                metrics.messaging(MessagingOutcome.SEND_FAILED);
                done.completeExceptionally(new DeliveryFailedException("could not send '" + topic + "' to member "
                        + memberId + ": " + failure.getMessage(), failure));
            }
        });
        return done;
    }

    /** See {@code Cluster.request}. */
    public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive: " + timeout);
        }
        byte[] copy = checked(payload);
        Member target;
        try {
            target = available(memberId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        // +1: the clock truncates to whole milliseconds, so without it a request could give up up to
        // 1 ms before its timeout had really passed.
        long deadline = saturatedAdd(clock.getAsLong(), saturatedAdd(timeout.toMillis(), 1));
        boolean earliest = deadline < pending.nextDeadlineMillis();
        PendingRequests.Registration r = pending.register(memberId, topic, deadline);
        if (earliest) {
            wakeLoop.run(); // the loop may be asleep until a later deadline
        }
        Optional<Member> again = members.apply(memberId);
        if (again.isPresent() && gone(again.get())) {
            pending.memberUnavailable(memberId, again.get().state().name().toLowerCase());
            return r.future();
        }
        DirectMessage message = new DirectMessage(self, r.requestId(), topic, copy, true);
        sender.send(target.address(), message, true).whenComplete((ok, failure) -> {
            if (failure != null) {
                pending.deliveryFailed(r.requestId(), failure);
            }
        });
        return r.future();
    }

    /**
     * On the loop: a message for one of our handlers. Runs an inline handler here, in arrival order;
     * hands any other to the handler executor.
     */
    public void onMessage(DirectMessage message) {
        HandlerRegistry.Registered registered = handlers.registration(message.topic());
        if (registered == null) {
            metrics.messaging(MessagingOutcome.NO_HANDLER);
            if (message.replyWanted()) {
                reply(message, DirectReply.Status.NO_HANDLER, EMPTY, "");
            }
            return;
        }
        IncomingMessage incoming = new IncomingMessage(message.replyWanted() ? IncomingMessage.Kind.REQUEST
                : IncomingMessage.Kind.SEND, message.topic(), message.origin().nodeId(), message.payload());
        Runnable call = () -> {
            HandlerCall.Outcome outcome = HandlerCall.run(registered.handler(), incoming);
            metrics.messaging(outcome.ok() ? MessagingOutcome.HANDLED : MessagingOutcome.HANDLER_FAILED);
            if (message.replyWanted()) {
                answer(message, outcome);
            }
        };
        if (registered.inline()) {
            call.run();
            return;
        }
        if (!executor.tryRun(call)) {
            metrics.messaging(MessagingOutcome.HANDLER_REJECTED);
            if (message.replyWanted()) {
                reply(message, DirectReply.Status.HANDLER_FAILED, EMPTY, "node " + nodeName
                        + " is overloaded: its handler queue is full");
            }
        }
    }

    private void answer(DirectMessage message, HandlerCall.Outcome outcome) {
        if (!outcome.ok()) {
            reply(message, DirectReply.Status.HANDLER_FAILED, EMPTY, outcome.error());
        } else if (outcome.reply().length > maxMessageBytes) {
            reply(message, DirectReply.Status.HANDLER_FAILED, EMPTY, "reply of " + outcome.reply().length
                    + " bytes exceeds maxMessageBytes (" + maxMessageBytes + ") on node " + nodeName);
        } else {
            reply(message, DirectReply.Status.OK, outcome.reply(), "");
        }
    }

    /** On the loop: a reply to one of our requests. */
    public void onReply(DirectReply reply) {
        pending.onReply(reply);
    }

    private void reply(DirectMessage to, DirectReply.Status status, byte[] payload, String error) {
        DirectReply reply = new DirectReply(self, to.requestId(), status, payload, error);
        sender.send(to.origin().address(), reply, true).whenComplete((ok, failure) -> {
            if (failure != null) {
                metrics.messaging(MessagingOutcome.REPLY_SEND_FAILED);
                LOG.debug("Reply to request #{} of {} failed: {}", to.requestId(), to.origin().nodeId(), failure.toString());
            }
        });
    }

    private byte[] checked(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > maxMessageBytes) {
            throw new PayloadTooLargeException("message payload", payload.length, maxMessageBytes);
        }
        return payload.clone();
    }

    /** The member, if it can be messaged; else throws the exception the future fails with. */
    private Member available(String memberId) {
        Optional<Member> member = members.apply(memberId);
        if (member.isEmpty()) {
            metrics.messaging(MessagingOutcome.UNKNOWN_MEMBER);
            throw new UnknownMemberException("no member with id " + memberId + " is known to node " + nodeName);
        }
        if (gone(member.get())) {
            metrics.messaging(MessagingOutcome.MEMBER_UNAVAILABLE);
            throw new MemberUnavailableException("member " + memberId + " is "
                    + member.get().state().name().toLowerCase());
        }
        return member.get();
    }

    private static boolean gone(Member m) {
        return m.state() == MemberState.DEAD || m.state() == MemberState.LEFT;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}

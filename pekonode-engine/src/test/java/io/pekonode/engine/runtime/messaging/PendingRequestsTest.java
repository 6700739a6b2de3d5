package io.pekonode.engine.runtime.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.messaging.DeliveryFailedException;
import io.pekonode.api.messaging.MemberUnavailableException;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The pending-request table under fake time: each request ends exactly once, with the right cause. */
class PendingRequestsTest {

    private final EngineMetrics metrics = new EngineMetrics();
    private final PendingRequests table = new PendingRequests(metrics, 100);

    private static DirectReply reply(String from, long id, DirectReply.Status status, byte[] payload, String error) {
        return new DirectReply(new Origin(from, new NodeAddress("127.0.0.1", 1)), id, status, payload, error);
    }

    private static Throwable failure(CompletableFuture<byte[]> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed future: " + f);
        try {
            f.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void aReplyCompletesItsRequestOnceAndLaterEventsFindNothing() {
        PendingRequests.Registration r = table.register("b", "echo", 1_000);
        assertTrue(table.onReply(reply("b", r.requestId(), DirectReply.Status.OK, new byte[] {7}, "")));
        assertArrayEquals(new byte[] {7}, r.future().join());
        // Duplicate reply, timeout, member death: all too late, none changes the outcome.
        assertFalse(table.onReply(reply("b", r.requestId(), DirectReply.Status.NO_HANDLER, new byte[0], "")));
        table.expire(5_000);
        table.memberUnavailable("b", "dead");
        assertArrayEquals(new byte[] {7}, r.future().join());
        assertEquals(1, metrics.messagingCount(MessagingOutcome.REQUEST_OK));
        assertEquals(0, metrics.messagingCount(MessagingOutcome.REQUEST_TIMEOUT));
        assertEquals(1, metrics.messagingCount(MessagingOutcome.REPLY_UNMATCHED));
        assertEquals(0, table.size());
    }

    @Test
    void aReplyFromAnotherMemberThanTheTargetIsIgnored() {
        PendingRequests.Registration r = table.register("b", "echo", 1_000);
        assertFalse(table.onReply(reply("mallory", r.requestId(), DirectReply.Status.OK, new byte[] {1}, "")));
        assertFalse(r.future().isDone());
    }

    @Test
    void statusesMapToTheirExceptions() {
        PendingRequests.Registration none = table.register("b", "t1", 1_000);
        PendingRequests.Registration failed = table.register("b", "t2", 1_000);
        table.onReply(reply("b", none.requestId(), DirectReply.Status.NO_HANDLER, new byte[0], ""));
        table.onReply(reply("b", failed.requestId(), DirectReply.Status.HANDLER_FAILED, new byte[0], "boom: bad input"));
        assertInstanceOf(NoHandlerException.class, failure(none.future()));
        Throwable remote = failure(failed.future());
        assertInstanceOf(RemoteHandlerException.class, remote);
        assertEquals("boom: bad input", remote.getMessage());
    }

    @Test
    void deadlinesExpireInOrderAndOnlyWhenDue() {
        PendingRequests.Registration late = table.register("b", "slow", 2_000);
        PendingRequests.Registration early = table.register("c", "fast", 1_000);
        assertEquals(1_000, table.nextDeadlineMillis());
        table.expire(999);
        assertFalse(early.future().isDone());
        table.expire(1_000);
        assertInstanceOf(RequestTimeoutException.class, failure(early.future()));
        assertFalse(late.future().isDone());
        assertEquals(2_000, table.nextDeadlineMillis());
        table.expire(2_500);
        assertInstanceOf(RequestTimeoutException.class, failure(late.future()));
        assertEquals(Long.MAX_VALUE, table.nextDeadlineMillis());
        assertEquals(2, metrics.messagingCount(MessagingOutcome.REQUEST_TIMEOUT));
    }

    @Test
    void aMemberDeclaredGoneFailsOnlyItsOwnRequestsAtOnce() {
        PendingRequests.Registration toB1 = table.register("b", "x", 10_000);
        PendingRequests.Registration toB2 = table.register("b", "y", 10_000);
        PendingRequests.Registration toC = table.register("c", "x", 10_000);
        table.memberUnavailable("b", "left");
        assertInstanceOf(MemberUnavailableException.class, failure(toB1.future()));
        assertInstanceOf(MemberUnavailableException.class, failure(toB2.future()));
        assertFalse(toC.future().isDone());
        assertEquals(10_000, table.nextDeadlineMillis());
    }

    @Test
    void deliveryFailureAndCloseFailWithDeliveryFailed() {
        PendingRequests.Registration sent = table.register("b", "x", 10_000);
        PendingRequests.Registration open = table.register("c", "x", 10_000);
        table.deliveryFailed(sent.requestId(), new IOException("connection refused"));
        Throwable f = failure(sent.future());
        assertInstanceOf(DeliveryFailedException.class, f);
        assertTrue(f.getMessage().contains("connection refused"), f.getMessage());
        table.closeAll("n1");
        assertInstanceOf(DeliveryFailedException.class, failure(open.future()));
        assertEquals(0, table.size());
    }

    @Test
    void idsAreDistinctAndStartWhereTold() {
        long a = table.register("b", "x", 1).requestId();
        long b = table.register("b", "x", 1).requestId();
        assertEquals(100, a);
        assertEquals(101, b);
    }

    @Test
    void aRepliedRequestIsTimedFromRegistrationToReply() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new io.pekonode.engine.metrics.NodeMeterBinder(metrics, "n", () -> 0).bindTo(registry);
        long[] clock = {1_000};
        PendingRequests timed = new PendingRequests(metrics, 1, () -> clock[0]);
        PendingRequests.Registration r = timed.register("b", "echo", 5_000);
        clock[0] = 1_030;
        timed.onReply(reply("b", r.requestId(), DirectReply.Status.OK, new byte[0], ""));
        io.micrometer.core.instrument.Timer timer = registry.get("pekonode.request.latency").timer();
        assertEquals(1, timer.count());
        assertEquals(30.0, timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS), 0.001);
    }
}

package io.pekonode.engine.runtime.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.DeliveryFailedException;
import io.pekonode.api.messaging.MemberUnavailableException;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.Await;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sending and answering with a fake wire, fake member view and fake time: no sockets, no loop. */
class DirectMessagingTest {

    private static final NodeAddress B_ADDRESS = new NodeAddress("10.0.0.2", 7946);
    private static final Origin SELF = new Origin("a", new NodeAddress("10.0.0.1", 7946));

    private record Sent(NodeAddress to, WireMessage message, boolean reliable) {
    }

    private final EngineMetrics metrics = new EngineMetrics();
    private final Map<String, Member> view = new ConcurrentHashMap<>();
    private final List<Sent> wire = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> sendResult = CompletableFuture.completedFuture(null);
    private final AtomicLong now = new AtomicLong(1_000);
    private final HandlerRegistry handlers = new HandlerRegistry();
    private final HandlerExecutor executor = new HandlerExecutor("t", 1, 1);
    private final PendingRequests pending = new PendingRequests(metrics, 1);
    private final DirectMessaging messaging = new DirectMessaging("a", SELF, id -> Optional.ofNullable(view.get(id)),
            handlers, executor, pending, (to, m, reliable) -> {
                wire.add(new Sent(to, m, reliable));
                return sendResult;
            }, metrics, now::get, () -> { }, 1_000);

    @AfterEach
    void close() {
        executor.close();
    }

    private void member(String id, MemberState state) {
        view.put(id, new Member(id, id, B_ADDRESS, Map.of(), state, 0));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("completed normally");
    }

    private DirectMessage request(long id, String topic) {
        return new DirectMessage(new Origin("b", B_ADDRESS), id, topic, new byte[] {1}, true);
    }

    @Test
    void requestsGoReliablyAndOneWaySendsAsPackets() {
        member("b", MemberState.ALIVE);
        messaging.request("b", "t", new byte[] {1}, Duration.ofSeconds(1));
        messaging.send("b", "t", new byte[] {2}, Delivery.BEST_EFFORT).join();
        assertEquals(2, wire.size());
        assertTrue(wire.get(0).reliable());
        assertEquals(B_ADDRESS, wire.get(0).to());
        assertTrue(((DirectMessage) wire.get(0).message()).replyWanted());
        assertEquals(false, wire.get(1).reliable());
        assertEquals(1, pending.size());
        assertEquals(2_001, pending.nextDeadlineMillis()); // now + timeout + one clock tick
    }

    @Test
    void aStreamSendGoesReliablyAndAsksForNoReply() {
        member("b", MemberState.ALIVE);
        messaging.send("b", "t", new byte[] {3}, Delivery.STREAM).join();
        assertEquals(1, wire.size());
        assertTrue(wire.get(0).reliable());
        assertEquals(false, ((DirectMessage) wire.get(0).message()).replyWanted());
        assertEquals(0, pending.size(), "nothing waits for an answer");
    }

    @Test
    void anInlineHandlerRunsOnTheReceivingThreadAndAnswersRequests() {
        List<String> threads = new CopyOnWriteArrayList<>();
        handlers.register("t", m -> {
            threads.add(Thread.currentThread().getName());
            return new byte[] {7};
        }, true);
        messaging.onMessage(request(5, "t"));
        assertEquals(List.of(Thread.currentThread().getName()), threads, "ran before onMessage returned, here");
        DirectReply reply = (DirectReply) wire.get(0).message();
        assertEquals(DirectReply.Status.OK, reply.status());
        assertArrayEquals(new byte[] {7}, reply.payload());
        assertEquals(null, handlers.find("t"), "queries never run an inline handler");
    }

    @Test
    void oversizedPayloadsThrowAtTheCallAndSendNothing() {
        member("b", MemberState.ALIVE);
        assertThrows(PayloadTooLargeException.class, () -> messaging.send("b", "t", new byte[1_001], Delivery.BEST_EFFORT));
        assertThrows(PayloadTooLargeException.class, () -> messaging.request("b", "t", new byte[1_001], Duration.ofSeconds(1)));
        assertTrue(wire.isEmpty());
    }

    @Test
    void aDeadOrLeftTargetFailsTheFutureWithoutSending() {
        member("b", MemberState.DEAD);
        member("c", MemberState.LEFT);
        assertInstanceOf(MemberUnavailableException.class, failure(messaging.request("b", "t", new byte[0], Duration.ofSeconds(1))));
        assertInstanceOf(MemberUnavailableException.class, failure(messaging.send("c", "t", new byte[0], Delivery.BEST_EFFORT)));
        assertTrue(wire.isEmpty());
        assertEquals(0, pending.size());
    }

    @Test
    void aFailedReliableSendFailsTheRequestWithDeliveryFailed() {
        member("b", MemberState.ALIVE);
        sendResult = CompletableFuture.failedFuture(new IOException("connection refused"));
        assertInstanceOf(DeliveryFailedException.class, failure(messaging.request("b", "t", new byte[0], Duration.ofSeconds(1))));
        assertInstanceOf(DeliveryFailedException.class, failure(messaging.send("b", "t", new byte[0], Delivery.BEST_EFFORT)));
        assertEquals(0, pending.size());
    }

    @Test
    void aFullHandlerQueueAnswersOverloadedAndNeverBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        handlers.register("busy", m -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
            return new byte[0];
        });
        messaging.onMessage(request(1, "busy"));   // runs
        assertTrue(running.await(5, TimeUnit.SECONDS));
        messaging.onMessage(request(2, "busy"));   // queued
        messaging.onMessage(request(3, "busy"));   // refused
        DirectReply refused = (DirectReply) wire.get(0).message();
        assertEquals(3, refused.requestId());
        assertEquals(DirectReply.Status.HANDLER_FAILED, refused.status());
        assertTrue(refused.error().contains("overloaded"), refused.error());
        assertEquals(1, metrics.messagingCount(MessagingOutcome.HANDLER_REJECTED));
        release.countDown();
        Await.until(Duration.ofSeconds(5), () -> wire.size() == 3, () -> "replies: " + wire);
        assertTrue(wire.stream().allMatch(s -> s.reliable() && s.to().equals(B_ADDRESS)));
    }

    @Test
    void aReplyOverTheLimitIsReportedAsAHandlerFailure() {
        handlers.register("big", m -> new byte[1_001]);
        handlers.register("ok", m -> new byte[] {9});
        messaging.onMessage(request(5, "big"));
        messaging.onMessage(request(6, "ok"));
        Await.until(Duration.ofSeconds(5), () -> wire.size() == 2, () -> "replies: " + wire);
        DirectReply big = wire.stream().map(s -> (DirectReply) s.message()).filter(r -> r.requestId() == 5).findFirst().orElseThrow();
        DirectReply ok = wire.stream().map(s -> (DirectReply) s.message()).filter(r -> r.requestId() == 6).findFirst().orElseThrow();
        assertEquals(DirectReply.Status.HANDLER_FAILED, big.status());
        assertTrue(big.error().contains("maxMessageBytes"), big.error());
        assertEquals(DirectReply.Status.OK, ok.status());
        assertArrayEquals(new byte[] {9}, ok.payload());
    }

    @Test
    void aMessageWithoutHandlerIsAnsweredNoHandlerOnlyWhenAReplyIsWanted() {
        messaging.onMessage(new DirectMessage(new Origin("b", B_ADDRESS), 0, "none", new byte[0], false));
        assertTrue(wire.isEmpty());
        messaging.onMessage(request(7, "none"));
        assertEquals(DirectReply.Status.NO_HANDLER, ((DirectReply) wire.get(0).message()).status());
        assertEquals(2, metrics.messagingCount(MessagingOutcome.NO_HANDLER));
    }

    @Test
    void theRequestTimesOutByTheInjectedClock() {
        member("b", MemberState.ALIVE);
        CompletableFuture<byte[]> f = messaging.request("b", "t", new byte[0], Duration.ofMillis(300));
        // The clock counts whole milliseconds, so "now" may be up to 1 ms behind the real time of the
        // call: the deadline is one tick later, so a request never times out before its timeout.
        pending.expire(now.get() + 300);
        assertEquals(false, f.isDone());
        pending.expire(now.get() + 301);
        assertThrows(CompletionException.class, f::join);
        assertEquals(1, metrics.messagingCount(MessagingOutcome.REQUEST_TIMEOUT));
    }
}

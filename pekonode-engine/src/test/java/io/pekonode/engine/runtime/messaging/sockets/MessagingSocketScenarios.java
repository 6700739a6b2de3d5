package io.pekonode.engine.runtime.messaging.sockets;

import static io.pekonode.engine.TestClusters.describe;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MemberUnavailableException;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.api.messaging.UnknownMemberException;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Messaging between five real nodes on 127.0.0.1 over a real transport (subclasses pick UDP or TCP,
 * found by discovery as users run them). One cluster per class to keep the suite fast; each test uses
 * its own topics and closes its handlers. The tests that take members away run last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MessagingSocketScenarios {

    private static final int N = 5;
    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private static final Duration REQUEST = Duration.ofSeconds(10);

    private final String transport;
    private final List<PekoNode> nodes = new ArrayList<>();
    private final List<Subscription> handlers = new ArrayList<>();

    MessagingSocketScenarios(String transport) {
        this.transport = transport;
    }

    /** Even nodes are "web", odd ones "db", set through the config. */
    private static String role(int i) {
        return i % 2 == 0 ? "web" : "db";
    }

    @BeforeAll
    void formCluster() throws Exception {
        for (int i = 0; i < N; i++) {
            PekoNode node = PekoNode.create(TestClusters.fast().transport(transport).nodeName(transport + "-msg-" + i)
                    .tag("role", role(i)).bind(new NodeAddress("127.0.0.1", 0)).build());
            nodes.add(node);
            node.start();
        }
        NodeAddress seed = nodes.get(0).advertiseAddress();
        for (PekoNode node : nodes.subList(1, N)) {
            assertEquals(1, node.join(List.of(seed)).get(15, TimeUnit.SECONDS));
        }
        Await.until(CONVERGE, () -> nodes.stream().allMatch(n -> n.liveMembers().size() == N), () -> describe(nodes));
    }

    @AfterEach
    void closeHandlers() {
        handlers.forEach(Subscription::close);
        handlers.clear();
    }

    @AfterAll
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private void handle(PekoNode node, String topic, io.pekonode.api.messaging.MessageHandler handler) {
        handlers.add(node.handle(topic, handler));
    }

    private static Throwable failureOf(CompletableFuture<?> future, Duration within) throws Exception {
        try {
            future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("expected the future to fail, it completed normally");
    }

    @Test
    @Order(1)
    void requestAndReplyBetweenTwoOfFive() throws Exception {
        PekoNode asker = nodes.get(3);
        PekoNode answerer = nodes.get(1);
        List<IncomingMessage> seen = new CopyOnWriteArrayList<>();
        handle(answerer, "echo", m -> {
            seen.add(m);
            return ("echo:" + new String(m.payload(), UTF_8)).getBytes(UTF_8);
        });
        byte[] reply = asker.request(answerer.id(), "echo", "hello".getBytes(UTF_8), REQUEST).get(15, TimeUnit.SECONDS);
        assertEquals("echo:hello", new String(reply, UTF_8));
        assertEquals(1, seen.size());
        assertEquals(IncomingMessage.Kind.REQUEST, seen.get(0).kind());
        assertEquals(asker.id(), seen.get(0).senderId());
    }

    @Test
    @Order(2)
    void aOneMebibytePayloadTravelsBothWays() throws Exception {
        PekoNode asker = nodes.get(0);
        PekoNode answerer = nodes.get(4);
        byte[] payload = new byte[1024 * 1024];
        new Random(42).nextBytes(payload);
        // The reply is a different megabyte (each byte inverted), so an echo of the request would not pass.
        handle(answerer, "invert", m -> {
            byte[] in = m.payload();
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) ~in[i];
            }
            return in;
        });
        byte[] reply = asker.request(answerer.id(), "invert", payload, Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
        assertEquals(payload.length, reply.length);
        for (int i = 0; i < payload.length; i++) {
            if (reply[i] != (byte) ~payload[i]) {
                fail("byte " + i + " differs");
            }
        }
    }

    @Test
    @Order(3)
    void aSlowHandlerMakesTheRequestTimeOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        handle(nodes.get(2), "slow", m -> {
            release.await(30, TimeUnit.SECONDS);
            return new byte[0];
        });
        try {
            Duration timeout = Duration.ofMillis(500);
            long start = System.nanoTime();
            Throwable failure = failureOf(nodes.get(0).request(nodes.get(2).id(), "slow", new byte[1], timeout),
                    Duration.ofSeconds(10));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertInstanceOf(RequestTimeoutException.class, failure);
            assertTrue(tookMillis >= timeout.toMillis(), "timed out after " + tookMillis + " ms, before the timeout");
        } finally {
            release.countDown();
        }
    }

    @Test
    @Order(4)
    void unknownMemberNoHandlerAndAFailingHandlerEachHaveTheirException() throws Exception {
        PekoNode asker = nodes.get(1);
        PekoNode target = nodes.get(2);
        assertInstanceOf(UnknownMemberException.class,
                failureOf(asker.request("no-such-node", "echo", new byte[0], REQUEST), REQUEST));
        assertInstanceOf(UnknownMemberException.class, failureOf(asker.send("no-such-node", "echo", new byte[0]), REQUEST));
        assertInstanceOf(NoHandlerException.class,
                failureOf(asker.request(target.id(), "nobody-listens", new byte[0], REQUEST), Duration.ofSeconds(15)));

        handle(target, "fails", m -> {
            throw new IllegalArgumentException("cannot parse order 17");
        });
        Throwable remote = failureOf(asker.request(target.id(), "fails", new byte[0], REQUEST), Duration.ofSeconds(15));
        assertInstanceOf(RemoteHandlerException.class, remote);
        assertEquals("cannot parse order 17", remote.getMessage());

        int limit = asker.config().limits().maxMessageBytes();
        assertThrows(PayloadTooLargeException.class, () -> asker.request(target.id(), "echo", new byte[limit + 1], REQUEST));
        assertThrows(PayloadTooLargeException.class, () -> asker.send(target.id(), "echo", new byte[limit + 1]));
    }

    @Test
    @Order(5)
    void oneWaySendsArriveSmallAndLarge() throws Exception {
        PekoNode receiver = nodes.get(3);
        List<IncomingMessage> seen = new CopyOnWriteArrayList<>();
        handle(receiver, "notes", m -> {
            seen.add(m);
            return "ignored".getBytes(UTF_8);
        });
        nodes.get(0).send(receiver.id(), "notes", "small".getBytes(UTF_8)).get(10, TimeUnit.SECONDS);
        // Bigger than a datagram: goes over the reliable path instead of being lost.
        nodes.get(0).send(receiver.id(), "notes", new byte[200_000]).get(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(10), () -> seen.size() == 2, () -> "arrived: " + seen);
        Set<Integer> sizes = seen.stream().map(m -> m.payload().length).collect(Collectors.toSet());
        assertEquals(Set.of(5, 200_000), sizes);
        assertTrue(seen.stream().allMatch(m -> m.kind() == IncomingMessage.Kind.SEND
                && m.senderId().equals(nodes.get(0).id())));
    }

    @Test
    @Order(5)
    void streamSendsReachAnInlineHandlerInOrderWithoutAReplyFrame() throws Exception {
        PekoNode sender = nodes.get(1);
        PekoNode receiver = nodes.get(4);
        SimpleMeterRegistry receiverMeters = new SimpleMeterRegistry();
        receiver.meterBinder().bindTo(receiverMeters);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        handlers.add(receiver.handleInline("stream", m -> {
            seen.add(ByteBuffer.wrap(m.payload()).getInt());
            return "ignored".getBytes(UTF_8);
        }));
        double repliesBefore = repliesSent(receiverMeters);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add(sender.send(receiver.id(), "stream", ByteBuffer.allocate(4).putInt(i).array(), Delivery.STREAM));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(10), () -> seen.size() == 200, () -> seen.size() + " of 200 arrived");
        assertEquals(java.util.stream.IntStream.range(0, 200).boxed().toList(), seen, "in the order sent");
        // The same handler answers a request with a reply frame; a stream send is answered by none.
        sender.request(receiver.id(), "stream", ByteBuffer.allocate(4).putInt(200).array(), REQUEST).get(10, TimeUnit.SECONDS);
        assertEquals(repliesBefore + 1, repliesSent(receiverMeters), "only the request was answered");
    }

    private static double repliesSent(SimpleMeterRegistry meters) {
        return meters.get("pekonode.messages.out").tag("type", "DirectReply").functionCounter().count();
    }

    @Test
    @Order(6)
    void aQueryCollectsAResponseFromEveryMember() throws Exception {
        for (PekoNode node : nodes) {
            handle(node, "whoami", m -> node.id().getBytes(UTF_8));
        }
        List<QueryResponse> streamed = new CopyOnWriteArrayList<>();
        QueryResult result = nodes.get(2).query("whoami", new byte[0], QueryOptions.defaults()
                        .withTimeout(Duration.ofSeconds(3)).onEachResponse(streamed::add))
                .get(15, TimeUnit.SECONDS);
        Set<String> ids = nodes.stream().map(PekoNode::id).collect(Collectors.toSet());
        assertEquals(ids, result.acks());
        assertEquals(N, result.responses().size());
        assertEquals(ids, result.responses().stream().map(r -> new String(r.payload(), UTF_8)).collect(Collectors.toSet()));
        result.responses().forEach(r -> assertEquals(r.memberId(), new String(r.payload(), UTF_8)));
        Await.until(Duration.ofSeconds(5), () -> streamed.size() == N, () -> "streamed: " + streamed);
    }

    @Test
    @Order(7)
    void aTagFilteredQueryReachesOnlyMatchingMembers() throws Exception {
        for (PekoNode node : nodes) {
            handle(node, "role", m -> node.localMember().tags().get("role").getBytes(UTF_8));
        }
        QueryResult result = nodes.get(1).query("role", new byte[0], QueryOptions.defaults().withTag("role", "web")
                .withTimeout(Duration.ofSeconds(3))).get(15, TimeUnit.SECONDS);
        Set<String> web = new java.util.HashSet<>();
        for (int i = 0; i < N; i++) {
            if (role(i).equals("web")) {
                web.add(nodes.get(i).id());
            }
        }
        assertEquals(web, result.responses().stream().map(QueryResponse::memberId).collect(Collectors.toSet()));
        assertEquals(web, result.acks());
        assertTrue(result.responses().stream().allMatch(r -> new String(r.payload(), UTF_8).equals("web")));
    }

    @Test
    @Order(8)
    void aUserEventReachesEveryListenerOnce() throws Exception {
        Map<String, List<ClusterEvent.UserEventReceived>> received = new java.util.concurrent.ConcurrentHashMap<>();
        List<Subscription> subs = new ArrayList<>();
        for (PekoNode node : nodes) {
            List<ClusterEvent.UserEventReceived> mine = new CopyOnWriteArrayList<>();
            received.put(node.id(), mine);
            subs.add(node.subscribe(e -> {
                if (e instanceof ClusterEvent.UserEventReceived u) {
                    mine.add(u);
                }
            }));
        }
        try {
            PekoNode origin = nodes.get(2);
            long time = origin.broadcast("deploy", "v42".getBytes(UTF_8));
            Await.until(CONVERGE, () -> received.values().stream().allMatch(l -> l.stream()
                    .anyMatch(u -> u.name().equals("deploy"))), () -> "received: " + received);
            // A later event from the same origin arriving everywhere bounds the window for duplicates of the first.
            origin.broadcast("marker", new byte[0]);
            Await.until(CONVERGE, () -> received.values().stream().allMatch(l -> l.stream()
                    .anyMatch(u -> u.name().equals("marker"))), () -> "received: " + received);
            for (PekoNode node : nodes) {
                List<ClusterEvent.UserEventReceived> deploys = received.get(node.id()).stream()
                        .filter(u -> u.name().equals("deploy")).toList();
                assertEquals(1, deploys.size(), node.name() + " got " + deploys);
                assertArrayEquals("v42".getBytes(UTF_8), deploys.get(0).payload());
                assertEquals(origin.id(), deploys.get(0).originId());
                assertEquals(time, deploys.get(0).lamportTime());
            }
        } finally {
            subs.forEach(Subscription::close);
        }
    }

    @Test
    @Order(18)
    void aTopicLongerThanPeersAcceptIsRefusedAtTheCall() {
        String tooLong = "t".repeat(5_000); // receivers' decoders refuse it, so it must not be sent
        PekoNode asker = nodes.get(0);
        String target = nodes.get(1).id();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> asker.request(target, tooLong, new byte[0], REQUEST));
        assertTrue(e.getMessage().contains("topic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> asker.send(target, tooLong, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> asker.broadcast(tooLong, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> asker.query(tooLong, new byte[0], QueryOptions.defaults()));
    }

    @Test
    @Order(19)
    void aStoppedNodeAnswersNoRequest() throws Exception {
        PekoNode target = nodes.get(2);
        List<IncomingMessage> seen = new CopyOnWriteArrayList<>();
        handle(target, "stopped-echo", m -> {
            seen.add(m);
            return m.payload();
        });
        target.stop(); // Go's Stop: the node takes part in nothing, messaging included
        try {
            Throwable failure = failureOf(nodes.get(0).request(target.id(), "stopped-echo", new byte[] {1},
                    Duration.ofMillis(500)), Duration.ofSeconds(10));
            assertInstanceOf(RequestTimeoutException.class, failure);
            assertTrue(seen.isEmpty(), "a stopped node ran its handler: " + seen);
        } finally {
            target.resume();
        }
    }

    @Test
    @Order(20)
    void aRequestPendingWhenItsTargetIsDeclaredDeadFailsAtOnce() throws Exception {
        PekoNode target = nodes.get(3);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        handle(target, "hang", m -> {
            entered.countDown();
            release.await(60, TimeUnit.SECONDS);
            return new byte[0];
        });
        try {
            PekoNode asker = nodes.get(0);
            Duration longTimeout = Duration.ofSeconds(60);
            CompletableFuture<byte[]> pending = asker.request(target.id(), "hang", new byte[0], longTimeout);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            target.stop(); // stops answering probes: the others declare it dead
            Duration bound = TestClusters.failureDetectionBound(target.config(), N);
            long start = System.nanoTime();
            assertInstanceOf(MemberUnavailableException.class, failureOf(pending, bound));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(longTimeout) < 0);
            assertEquals(Optional.of(MemberState.DEAD), TestClusters.stateOf(asker, target.id()));
        } finally {
            release.countDown();
        }
    }

    @Test
    @Order(21)
    void aRequestToAMemberThatLeftFailsWithoutWaiting() throws Exception {
        PekoNode gone = nodes.get(4);
        List<PekoNode> others = List.of(nodes.get(0), nodes.get(1), nodes.get(2));
        gone.close(); // leaves gracefully first
        Await.until(CONVERGE, () -> others.stream().allMatch(n -> TestClusters.stateOf(n, gone.id())
                .equals(Optional.of(MemberState.LEFT))), () -> describe(others));
        assertInstanceOf(MemberUnavailableException.class,
                failureOf(nodes.get(1).request(gone.id(), "echo", new byte[0], REQUEST), Duration.ofSeconds(1)));
        assertInstanceOf(MemberUnavailableException.class,
                failureOf(nodes.get(1).send(gone.id(), "echo", new byte[0]), Duration.ofSeconds(1)));
    }
}

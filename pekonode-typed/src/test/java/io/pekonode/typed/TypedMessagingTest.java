package io.pekonode.typed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.testkit.fake.FakeNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TypedMessagingTest {

    /** Public records in an exported package: what a user's module exports. */
    public record Greeting(String from, int times, List<String> langs, Map<String, Long> seen) {
    }

    public record Welcome(String text, Greeting echo) {
    }

    public record Load(String member, double cpu) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Greeting HELLO = new Greeting("n1", 3, List.of("en", "日本語"), Map.of("n2", 5L));

    private final FakeNetwork network = new FakeNetwork();
    private final TypedMessaging n1 = new TypedMessaging(network.node("n1"));
    private final TypedMessaging n2 = new TypedMessaging(network.node("n2"));

    @AfterEach
    void close() {
        network.close();
    }

    @Test
    void recordsRoundTripThroughRequestAndHandle() throws Exception {
        n2.handle("greet", Greeting.class, g -> new Welcome("hello " + g.from(), g));
        Welcome welcome = n1.request("n2", "greet", HELLO, Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS);
        assertEquals(new Welcome("hello n1", HELLO), welcome);
    }

    @Test
    void oneWayMessagesReachTheConsumer() throws Exception {
        CompletableFuture<Greeting> received = new CompletableFuture<>();
        n2.onMessage("note", Greeting.class, received::complete);
        n1.send("n2", "note", HELLO).get(5, TimeUnit.SECONDS);
        assertEquals(HELLO, received.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aPayloadTheHandlerCannotReadFailsTheRequestWithTheReason() {
        AtomicInteger calls = new AtomicInteger();
        n2.handle("greet", Greeting.class, g -> {
            calls.incrementAndGet();
            return "unused";
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> n1.request("n2", "greet", new Load("n1", 0.5), Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS));
        RemoteHandlerException remote = assertInstanceOf(RemoteHandlerException.class, e.getCause());
        assertTrue(remote.getMessage().contains("request on topic 'greet' from n1 is not a valid "
                + Greeting.class.getName()), remote.getMessage());
        assertTrue(remote.getMessage().contains("Unrecognized field \"member\""), remote.getMessage());
        assertEquals(0, calls.get(), "the user's handler never sees an unreadable message");
    }

    @Test
    void aReplyOfTheWrongShapeFailsTheFutureAtOnceWithTypedPayloadException() {
        n2.handle("greet", Greeting.class, g -> new Load("n2", 0.1));
        long start = System.nanoTime();
        CompletableFuture<Welcome> reply = n1.request("n2", "greet", HELLO, Welcome.class, Duration.ofSeconds(30));
        ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
        TypedPayloadException typed = assertInstanceOf(TypedPayloadException.class, e.getCause());
        assertTrue(typed.getMessage().startsWith("reply from n2 on topic 'greet' is not a valid "
                + Welcome.class.getName()), typed.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "failed fast, not at the timeout");
    }

    @Test
    void aReplyThatIsNotJsonFailsTheFuture() {
        network.node("n2").handle("raw", m -> "not json".getBytes(StandardCharsets.UTF_8));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> n1.request("n2", "raw", HELLO, Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS));
        assertInstanceOf(TypedPayloadException.class, e.getCause());
    }

    @Test
    void trailingDataAfterTheValueIsRefused() {
        byte[] twoValues = "{\"member\":\"a\",\"cpu\":1} {}".getBytes(StandardCharsets.UTF_8);
        assertThrows(TypedPayloadException.class, () -> n1.decode(twoValues, Load.class));
    }

    @Test
    void theHandlersOwnExceptionReachesTheCallerAsRemoteHandlerException() {
        n2.handle("greet", Greeting.class, g -> {
            throw new IllegalStateException("no greetings on Sundays");
        });
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> n1.request("n2", "greet", HELLO, Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS));
        assertEquals("no greetings on Sundays", assertInstanceOf(RemoteHandlerException.class, e.getCause()).getMessage());
    }

    @Test
    void aSlowHandlerStillEndsInTheRequestTimeout() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        n2.handle("slow", Greeting.class, g -> never.join());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> n1.request("n2", "slow", HELLO, Welcome.class, Duration.ofMillis(200)).get(5, TimeUnit.SECONDS));
        assertInstanceOf(RequestTimeoutException.class, e.getCause());
        never.complete(null);
    }

    @Test
    void anObjectJacksonCannotWriteIsRefusedBeforeAnythingIsSent() {
        AtomicInteger calls = new AtomicInteger();
        network.node("n2").handle("greet", m -> {
            calls.incrementAndGet();
            return null;
        });
        TypedPayloadException e = assertThrows(TypedPayloadException.class,
                () -> n1.request("n2", "greet", new Object(), Welcome.class, TIMEOUT));
        assertTrue(e.getMessage().startsWith("cannot write request to topic 'greet' as JSON (java.lang.Object)"),
                e.getMessage());
        assertThrows(TypedPayloadException.class, () -> n1.send("n2", "greet", new Object()));
        assertThrows(TypedPayloadException.class, () -> n1.broadcast("greet", new Object()));
        assertEquals(0, calls.get());
    }

    @Test
    void nullAndEmptyRepliesReadAsNull() throws Exception {
        n2.handle("nothing", Greeting.class, g -> null);
        assertNull(n1.request("n2", "nothing", HELLO, Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS));
        CompletableFuture<Greeting> seen = new CompletableFuture<>();
        n2.onMessage("fire", Greeting.class, seen::complete);
        assertNull(n1.request("n2", "fire", HELLO, Welcome.class, TIMEOUT).get(5, TimeUnit.SECONDS),
                "a one-way handler answers a request with nothing");
        assertEquals(HELLO, seen.get(5, TimeUnit.SECONDS));
        assertNull(n1.decode(new byte[0], Welcome.class));
        assertArrayEquals("null".getBytes(StandardCharsets.UTF_8), n1.encode(null));
    }

    @Test
    void eventsAreBroadcastAndDecoded() {
        List<ClusterEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        network.node("n2").subscribe(events::add);
        n1.broadcast("hello", HELLO);
        UserEventReceived event = (UserEventReceived) events.get(0);
        assertEquals("n1", event.originId());
        assertEquals(HELLO, n2.decodeEvent(event, Greeting.class));
        TypedPayloadException e = assertThrows(TypedPayloadException.class, () -> n2.decodeEvent(event, Load.class));
        assertTrue(e.getMessage().startsWith("event 'hello' from n1 is not a valid " + Load.class.getName()),
                e.getMessage());
    }

    @Test
    void queriesCollectTypedResponsesAndSetAsideUnreadableOnes() throws Exception {
        TypedMessaging n3 = new TypedMessaging(network.node("n3"));
        n1.handle("load", Greeting.class, g -> new Load("n1", 0.25));
        n2.handle("load", Greeting.class, g -> new Load("n2", 0.75));
        network.node("n3").handle("load", m -> "{\"member\":".getBytes(StandardCharsets.UTF_8));
        TypedQueryResult<Load> result = n3.query("load", HELLO, QueryOptions.defaults(), Load.class)
                .get(5, TimeUnit.SECONDS);
        assertEquals(Map.of("n1", new Load("n1", 0.25), "n2", new Load("n2", 0.75)), Map.copyOf(result.byMember()));
        assertEquals(List.of("n3"), List.copyOf(result.undecodable().keySet()));
        assertTrue(result.undecodable().get("n3").startsWith("response to query 'load' from n3 is not a valid"),
                result.undecodable().get("n3"));
        assertEquals(3, result.acks().size());
    }

    @Test
    void aLenientMapperLetsNewerPeersAddFields() {
        TypedMessaging lenient = new TypedMessaging(network.node("n1"), JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        byte[] newer = "{\"member\":\"n2\",\"cpu\":0.5,\"memory\":17}".getBytes(StandardCharsets.UTF_8);
        assertEquals(new Load("n2", 0.5), lenient.decode(newer, Load.class));
        assertThrows(TypedPayloadException.class, () -> n1.decode(newer, Load.class), "the default mapper is strict");
    }
}

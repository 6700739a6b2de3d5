package io.pekonode.testkit.fake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.UnknownMemberException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake keeps the promises its Javadoc makes, since users' tests rely on them. */
class FakeClusterTest {

    private final FakeNetwork network = new FakeNetwork();

    @AfterEach
    void close() {
        network.close();
    }

    private FakeCluster node(String id, String role) {
        return network.node(ClusterConfig.local().nodeName(id).bind(new NodeAddress(id, 7946))
                .tag("role", role).build(), id);
    }

    @Test
    void putMemberAnnouncesWhatTheEngineWouldAnnounce() {
        FakeCluster cluster = node("self", "web");
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        cluster.subscribe(events::add);
        Member b = new Member("b", "b", new NodeAddress("b", 7946), Map.of(), MemberState.ALIVE, 1);

        cluster.putMember(b);
        cluster.putMember(b.withState(MemberState.SUSPECT));
        cluster.putMember(b);
        cluster.putMember(b.withState(MemberState.DEAD));
        cluster.putMember(b);
        cluster.putMember(b.withState(MemberState.LEFT));

        assertEquals(List.of(ClusterEvent.MemberJoined.class, ClusterEvent.MemberSuspected.class,
                        ClusterEvent.MemberUpdated.class, ClusterEvent.MemberFailed.class,
                        ClusterEvent.MemberJoined.class, ClusterEvent.MemberLeft.class),
                events.stream().map(Object::getClass).collect(Collectors.toList()));
        assertEquals(List.of("self"), cluster.liveMembers().stream().map(Member::id).toList());
    }

    @Test
    void requestsReachTheNodeOfThatIdAndFailAsTheEngineFails() throws Exception {
        FakeCluster a = node("a", "web");
        FakeCluster b = node("b", "db");
        b.handle("echo", m -> m.payload());

        assertEquals("hi", new String(a.request("b", "echo", "hi".getBytes(UTF_8), Duration.ofSeconds(5))
                .get(5, TimeUnit.SECONDS), UTF_8));
        assertInstanceOf(UnknownMemberException.class, cause(a.request("c", "echo", new byte[0], Duration.ofSeconds(5))));
        assertInstanceOf(NoHandlerException.class, cause(a.request("b", "nope", new byte[0], Duration.ofSeconds(5))));
        a.send("b", "nope", new byte[0]).get(5, TimeUnit.SECONDS); // one-way: delivered is done
        assertTrue(b.hasHandler("echo"));
        assertFalse(a.hasHandler("echo"));
    }

    @Test
    void queriesAreAnsweredByTheNodesTheFiltersSelectPlusTheScriptedAnswers() throws Exception {
        FakeCluster asker = node("asker", "ops");
        for (String id : List.of("w1", "w2")) {
            node(id, "web").handle("load", m -> id.getBytes(UTF_8));
        }
        node("d1", "db").handle("load", m -> "d1".getBytes(UTF_8));
        asker.addQueryAck("remote");
        asker.addQueryResponse(new QueryResponse("remote", "r".getBytes(UTF_8)));
        List<String> streamed = new CopyOnWriteArrayList<>();

        QueryResult result = asker.query("load", new byte[0], QueryOptions.defaults().withTag("role", "w.*")
                .onEachResponse(r -> streamed.add(r.memberId()))).get(5, TimeUnit.SECONDS);

        assertEquals(Set.of("w1", "w2", "remote"), result.acks());
        assertEquals(Set.of("w1", "w2", "remote"),
                result.responses().stream().map(QueryResponse::memberId).collect(Collectors.toSet()));
        assertEquals(Set.of("w1", "w2"), Set.copyOf(streamed), "responses of the network stream as they arrive");
        assertEquals("load", asker.lastQuery().orElseThrow().name());

        QueryResult byId = asker.query("load", new byte[0], QueryOptions.defaults().withNodes(List.of("d1"))
                .withAcks(false)).get(5, TimeUnit.SECONDS);
        assertEquals(Set.of(), byId.acks(), "no acks asked, none given");
        assertEquals(Set.of("d1", "remote"),
                byId.responses().stream().map(QueryResponse::memberId).collect(Collectors.toSet()));
    }

    @Test
    void aQueryEndsAtItsTimeoutWithWhatArrived() throws Exception {
        FakeCluster asker = node("asker", "ops");
        CompletableFuture<Void> never = new CompletableFuture<>();
        node("slow", "web").handle("load", m -> {
            never.join();
            return null;
        });
        QueryResult result = asker.query("load", new byte[0], QueryOptions.defaults().withTimeout(Duration.ofMillis(200)))
                .get(5, TimeUnit.SECONDS);
        assertEquals(Set.of("slow", "asker"), result.acks(), "no filter: the asker is asked too, as in the engine");
        assertEquals(List.of(), result.responses());
        never.complete(null);
    }

    @Test
    void writesApplyAtOnceAreAnnouncedAndKeepTheConfiguredLimits() {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().limits(l -> l.maxValueBytes(2048)).build());
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        cluster.subscribe(events::add, Runnable::run);

        cluster.publish("k", "v".getBytes(UTF_8));
        assertEquals("v", new String(cluster.read("k").orElseThrow(), UTF_8));
        assertThrows(PayloadTooLargeException.class, () -> cluster.publish("k", new byte[2049]));
        cluster.remove("k");
        assertTrue(cluster.read("k").isEmpty());
        assertEquals(2, events.stream().filter(e -> e instanceof ClusterEvent.MetadataChanged).count());
        cluster.close();
        assertTrue(cluster.closed());
    }

    @Test
    void joinCompletesWhenTheTestPlaysTheSeed() throws Exception {
        FakeCluster cluster = new FakeCluster(ClusterConfig.local().build());
        CompletableFuture<Integer> join = cluster.join(List.of(new NodeAddress("seed", 7946)));
        assertFalse(join.isDone());
        cluster.completeJoin(1);
        assertEquals(1, join.get(5, TimeUnit.SECONDS));
        assertEquals(1, cluster.joinCalls());
        cluster.close();
    }

    private static Throwable cause(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }
}

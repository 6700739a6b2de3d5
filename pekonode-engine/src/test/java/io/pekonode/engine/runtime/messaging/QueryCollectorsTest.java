package io.pekonode.engine.runtime.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.metrics.MessagingOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Query collection under fake time: acks and responses until the deadline, one response per member. */
class QueryCollectorsTest {

    private final EngineMetrics metrics = new EngineMetrics();
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean executorFull;
    private final QueryCollectors collectors = new QueryCollectors(metrics, task -> {
        if (executorFull) {
            return false;
        }
        callbacks.add(task);
        return true;
    });

    private static QueryReply reply(String from, long id, boolean ack, String payload) {
        return new QueryReply(new Origin(from, new NodeAddress("127.0.0.1", 1)), id, ack,
                payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void collectsUntilTheDeadlineThenCompletesWithWhatArrived() {
        List<QueryResponse> streamed = new ArrayList<>();
        CompletableFuture<QueryResult> f = collectors.open(7, "load", 1_000, streamed::add);
        assertEquals(1_000, collectors.nextDeadlineMillis());
        collectors.onReply(reply("a", 7, true, ""));
        collectors.onReply(reply("b", 7, true, ""));
        collectors.onReply(reply("a", 7, false, "0.5"));
        collectors.onReply(reply("a", 7, false, "0.9"));   // a second response from a: ignored
        collectors.onReply(reply("c", 7, false, "0.1"));   // a response without ack (acks not required)
        collectors.expire(999);
        assertFalse(f.isDone());
        callbacks.forEach(Runnable::run);
        assertEquals(List.of(new QueryResponse("a", "0.5".getBytes(StandardCharsets.UTF_8)),
                new QueryResponse("c", "0.1".getBytes(StandardCharsets.UTF_8))), streamed);

        collectors.expire(1_000);
        QueryResult result = f.join();
        assertEquals("load", result.name());
        assertEquals(Set.of("a", "b"), result.acks());
        assertEquals(streamed, result.responses());
        assertEquals(0, collectors.size());
        // Late answers match nothing.
        assertFalse(collectors.onReply(reply("d", 7, false, "late")));
        assertEquals(1, metrics.messagingCount(MessagingOutcome.REPLY_UNMATCHED));
    }

    @Test
    void answersFromIdsThatAreNotKnownMembersAreNotCollected() {
        QueryCollectors guarded = new QueryCollectors(metrics, task -> true, id -> id.startsWith("member-"));
        CompletableFuture<QueryResult> f = guarded.open(3, "load", 1_000, null);
        for (int i = 0; i < 1_000; i++) {
            assertFalse(guarded.onReply(reply("ghost-" + i, 3, false, "x")));
            assertFalse(guarded.onReply(reply("ghost-" + i, 3, true, "")));
        }
        assertTrue(guarded.onReply(reply("member-1", 3, false, "0.5")));
        guarded.expire(1_000);
        QueryResult result = f.join();
        assertEquals(List.of(new QueryResponse("member-1", "0.5".getBytes(StandardCharsets.UTF_8))), result.responses());
        assertTrue(result.acks().isEmpty());
        assertEquals(2_000, metrics.messagingCount(MessagingOutcome.REPLY_UNMATCHED));
    }

    @Test
    void queriesAreKeptApartByIdAndExpireSeparately() {
        CompletableFuture<QueryResult> first = collectors.open(1, "q", 500, null);
        CompletableFuture<QueryResult> second = collectors.open(2, "q", 900, null);
        collectors.onReply(reply("a", 2, false, "for two"));
        collectors.expire(600);
        assertTrue(first.join().responses().isEmpty());
        assertFalse(second.isDone());
        assertEquals(900, collectors.nextDeadlineMillis());
        collectors.expire(900);
        assertEquals(1, second.join().responses().size());
    }

    @Test
    void aFullCallbackExecutorSkipsTheCallbackButKeepsTheResponse() {
        executorFull = true;
        List<QueryResponse> streamed = new ArrayList<>();
        CompletableFuture<QueryResult> f = collectors.open(3, "q", 100, streamed::add);
        collectors.onReply(reply("a", 3, false, "x"));
        collectors.closeAll();
        assertEquals(1, f.join().responses().size());
        assertTrue(streamed.isEmpty());
        assertEquals(1, metrics.messagingCount(MessagingOutcome.CALLBACK_FAILED));
    }

    @Test
    void aThrowingCallbackIsCountedAndDoesNotLoseTheResponse() {
        CompletableFuture<QueryResult> f = collectors.open(4, "q", 100, r -> {
            throw new IllegalStateException("consumer bug");
        });
        collectors.onReply(reply("a", 4, false, "x"));
        callbacks.forEach(Runnable::run);
        collectors.expire(100);
        assertEquals(1, f.join().responses().size());
        assertEquals(1, metrics.messagingCount(MessagingOutcome.CALLBACK_FAILED));
    }

    @Test
    void eachFirstAckIsStreamedOnTheCallbackExecutor() {
        List<String> acked = new ArrayList<>();
        CompletableFuture<QueryResult> f = collectors.open(8, "load", 1_000, null, acked::add);
        collectors.onReply(reply("a", 8, true, ""));
        collectors.onReply(reply("a", 8, true, ""));   // a duplicate ack is not streamed again
        collectors.onReply(reply("b", 8, true, ""));
        assertEquals(List.of(), acked, "never on the caller's thread");
        callbacks.forEach(Runnable::run);
        assertEquals(List.of("a", "b"), acked);
        collectors.expire(1_000);
        assertEquals(Set.of("a", "b"), f.join().acks());
    }
}

package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import io.pekonode.engine.metrics.EngineMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Event delivery driven by a hand-cranked executor: deterministic, no threads. */
class ListenerSubscriptionTest {

    /** Runs submitted tasks only when told to. */
    static final class ManualExecutor implements Executor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            Runnable r;
            while ((r = tasks.poll()) != null) {
                r.run();
            }
        }
    }

    private final EngineMetrics metrics = new EngineMetrics();
    private final ManualExecutor executor = new ManualExecutor();

    private static ClusterEvent event(int i) {
        return new ClusterEvent.MetadataChanged("k" + i, new byte[] {(byte) i}, new HlcTimestamp(i, 0, "n"));
    }

    private static List<ClusterEvent> events(int n) {
        return IntStream.range(0, n).mapToObj(ListenerSubscriptionTest::event).toList();
    }

    @Test
    void aFullQueueDropsTheOldestEventsAndCountsThem() {
        EventDispatcher dispatcher = new EventDispatcher("n", 3, metrics);
        List<ClusterEvent> received = new ArrayList<>();
        dispatcher.subscribe(received::add, executor);
        dispatcher.dispatch(events(5));
        executor.runAll();
        assertEquals(events(5).subList(2, 5), received);
        assertEquals(2, metrics.eventsDroppedCount());
    }

    @Test
    void aThrowingListenerIsCountedAndKeepsReceivingWhileOthersAreUnaffected() {
        EventDispatcher dispatcher = new EventDispatcher("n", 100, metrics);
        List<ClusterEvent> calls = new ArrayList<>();
        List<ClusterEvent> healthy = new ArrayList<>();
        dispatcher.subscribe(e -> {
            calls.add(e);
            throw new IllegalStateException("boom");
        }, executor);
        dispatcher.subscribe(healthy::add, executor);
        dispatcher.dispatch(events(4));
        executor.runAll();
        dispatcher.dispatch(events(2));
        executor.runAll();
        assertEquals(6, calls.size());
        assertEquals(6, healthy.size());
        assertEquals(6, metrics.listenerFailureCount());
    }

    @Test
    void aClosedSubscriptionGetsNothingMore() {
        EventDispatcher dispatcher = new EventDispatcher("n", 100, metrics);
        List<ClusterEvent> received = new ArrayList<>();
        Subscription sub = dispatcher.subscribe(received::add, executor);
        dispatcher.dispatch(events(1));
        executor.runAll();
        sub.close();
        dispatcher.dispatch(events(3));
        executor.runAll();
        assertEquals(1, received.size());
    }

    @Test
    void aShutDownUserExecutorLosesEventsCountedNotThrown() {
        EventDispatcher dispatcher = new EventDispatcher("n", 100, metrics);
        dispatcher.subscribe(e -> { }, r -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        dispatcher.dispatch(events(3));
        assertTrue(metrics.eventsDroppedCount() >= 1);
    }
}

package io.pekonode.engine.runtime;

import io.pekonode.api.NodeClosedException;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.engine.metrics.EngineMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Fans events out from the event loop to subscriptions. Listeners without an executor share one
 * per-node daemon thread ({@code pekonode-events-<name>}), created on first use, so the common case
 * costs one thread and a slow listener there delays only listeners on that thread, never the protocol.
 */
public final class EventDispatcher implements AutoCloseable {

    /** How long close waits for the dispatch thread: a listener stuck longer is left behind, not joined. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final String nodeName;
    private final int queueCapacity;
    private final EngineMetrics metrics;
    private final List<ListenerSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private ExecutorService ownThread;
    private boolean closed;

    public EventDispatcher(String nodeName, int queueCapacity, EngineMetrics metrics) {
        this.nodeName = nodeName;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
    }

    /** Registers a listener; {@code executor} null means the node's own dispatch thread. */
    public Subscription subscribe(ClusterListener listener, Executor executor) {
        Objects.requireNonNull(listener, "listener");
        Executor target = executor != null ? executor : ownThread();
        ListenerSubscription sub = new ListenerSubscription(listener, target, queueCapacity, metrics, subscriptions::remove);
        subscriptions.add(sub);
        return sub;
    }

    /** Called by the event loop after each batch; returns at once. */
    void dispatch(List<ClusterEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        for (ListenerSubscription sub : subscriptions) {
            for (ClusterEvent e : events) {
                sub.offer(e);
            }
        }
    }

    private synchronized Executor ownThread() {
        if (closed) {
            throw new NodeClosedException("node is closed");
        }
        if (ownThread == null) {
            ownThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pekonode-events-" + nodeName);
                t.setDaemon(true);
                return t;
            });
        }
        return ownThread;
    }

    /** Stops delivery and the dispatch thread, waiting briefly for a listener that is mid-event. */
    @Override
    public void close() {
        ExecutorService toStop;
        synchronized (this) {
            closed = true;
            toStop = ownThread;
        }
        subscriptions.forEach(ListenerSubscription::close);
        if (toStop != null) {
            toStop.shutdownNow();
            try {
                toStop.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

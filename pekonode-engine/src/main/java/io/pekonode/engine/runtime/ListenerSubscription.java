package io.pekonode.engine.runtime;

import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.engine.metrics.EngineMetrics;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One listener with its own bounded queue, drained on its executor.
 *
 * <p>Each subscription has its own queue so a slow listener only delays itself (on a shared executor
 * it shares the threads, not the queue). When the queue is full the <b>oldest</b> event is dropped
 * and counted: membership and metadata events describe state, and the newest events are the ones
 * closest to the current state, which the listener can always re-read with {@code members()} or
 * {@code snapshot()}. Events are delivered in order, one at a time, never on the event loop. A
 * listener that throws is counted and logged (rate-limited) and keeps getting later events.
 */
final class ListenerSubscription implements Subscription {

    private static final Logger LOG = LogManager.getLogger(ListenerSubscription.class);
    /** Events delivered per executor task before yielding, so one busy listener cannot hog a shared pool. */
    private static final int BATCH = 64;
    /** A listener that throws on every event logs once per 10 s, with a count, not once per event. */
    private static final long FAILURE_LOG_INTERVAL_MILLIS = 10_000;

    private final ClusterListener listener;
    private final Executor executor;
    private final int capacity;
    private final EngineMetrics metrics;
    private final Consumer<ListenerSubscription> onClose;
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, FAILURE_LOG_INTERVAL_MILLIS);
    private final ArrayDeque<ClusterEvent> queue = new ArrayDeque<>();
    private boolean scheduled;
    private volatile boolean closed;

    ListenerSubscription(ClusterListener listener, Executor executor, int capacity, EngineMetrics metrics,
                         Consumer<ListenerSubscription> onClose) {
        this.listener = listener;
        this.executor = executor;
        this.capacity = capacity;
        this.metrics = metrics;
        this.onClose = onClose;
    }

    /** Queues an event; called from the event loop, never blocks. */
    void offer(ClusterEvent event) {
        if (closed) {
            return;
        }
        boolean schedule;
        synchronized (this) {
            if (queue.size() >= capacity) {
                queue.pollFirst();
                metrics.eventDropped();
            }
            queue.addLast(event);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            schedule();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            synchronized (this) {
                queue.clear();
            }
            onClose.accept(this);
        }
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The user's executor is shut down: nothing can be delivered; count what is lost.
            int lost;
            synchronized (this) {
                lost = queue.size();
                queue.clear();
                scheduled = false;
            }
            for (int i = 0; i < lost; i++) {
                metrics.eventDropped();
            }
        }
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            ClusterEvent event;
            synchronized (this) {
                event = closed ? null : queue.pollFirst();
                if (event == null) {
                    scheduled = false;
                    return;
                }
            }
            deliver(event);
        }
        schedule();
    }

    private void deliver(ClusterEvent event) {
        try {
            listener.onEvent(event);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            metrics.listenerFailed();
            failureLog.warn("Cluster listener " + listener.getClass().getName() + " threw on " + event, t);
        }
    }
}

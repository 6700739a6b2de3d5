package io.pekonode.engine.runtime;

import io.pekonode.api.NodeClosedException;
import io.pekonode.api.NodeOverloadedException;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.core.ProtocolCore;
import io.pekonode.engine.core.Timing;
import io.pekonode.engine.metrics.CoreCounters;
import io.pekonode.engine.metrics.DropReason;
import io.pekonode.engine.metrics.EngineMetrics;
import io.pekonode.engine.runtime.messaging.Messaging;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one thread ({@code pekonode-loop-<name>}) that owns a node's {@link ProtocolCore}.
 *
 * <p>Each turn: run queued commands, feed up to {@value #MAX_MESSAGES_PER_BATCH} received messages,
 * fire due timers, then finish the batch: send what the core produced, publish a fresh
 * {@link ViewSnapshot} and metrics, hand events to the dispatcher (after the snapshot, so a listener
 * that reads the view sees at least the state its event describes) and complete waiters whose
 * condition now holds. Between turns it sleeps on the mailbox until the core's next wake-up.
 *
 * <p>Messaging rides along: direct messages and replies go to {@link Messaging} instead of the core,
 * and after each batch messaging sees the batch's member events, the queries the core wants answered
 * and its own deadlines (the loop sleeps no longer than the earliest of those and the core's).
 *
 * <p>Because only this thread touches the core, the core needs no locks and stays deterministic.
 * A core exception while handling input is logged and counted, and the loop goes on.
 */
final class EventLoop {

    private static final Logger LOG = LogManager.getLogger(EventLoop.class);
    /** Bounds a turn so timers and commands are not starved by a flood of packets. */
    static final int MAX_MESSAGES_PER_BATCH = 256;
    /** Republish the view at least this often even when no event said anything changed. */
    private static final long VIEW_REFRESH_MILLIS = 250;
    /** Upper bound on one sleep, so a stop request or a clock oddity is never waited on for long. */
    private static final long MAX_SLEEP_MILLIS = 1_000;
    /**
     * How long stop waits for the loop thread: a turn takes milliseconds, so a loop still running
     * after this is stuck in a callback and is left behind rather than blocking close forever.
     */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private record Waiter(Predicate<ProtocolCore> condition, CompletableFuture<Void> future) {
    }

    private final String nodeName;
    private final ProtocolCore core;
    private final MonotonicClock clock;
    private final Mailbox mailbox;
    private final OutboundSender sender;
    private final ClusterViewHolder view;
    private final EventDispatcher dispatcher;
    private final EngineMetrics metrics;
    private final Messaging messaging;
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<Runnable> completions = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean viewDirty = true;
    private long lastViewMillis;

    EventLoop(String nodeName, ProtocolCore core, MonotonicClock clock, Mailbox mailbox, OutboundSender sender,
              ClusterViewHolder view, EventDispatcher dispatcher, EngineMetrics metrics, Messaging messaging) {
        this.nodeName = nodeName;
        this.core = core;
        this.clock = clock;
        this.mailbox = mailbox;
        this.sender = sender;
        this.view = view;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.messaging = messaging;
        this.thread = new Thread(this::run, "pekonode-loop-" + nodeName);
        this.thread.setDaemon(true);
        mailbox.bindOwner(thread);
    }

    void start() {
        thread.start();
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code command} on the loop; the future completes with its result or exception. */
    <T> CompletableFuture<T> submit(LoopCommand<T> command) {
        CompletableFuture<T> future = new CompletableFuture<>();
        boolean queued = mailbox.submit(new PendingCommand() {
            @Override
            public void run() {
                if (future.isDone()) {
                    return; // the caller gave up (timeout); do not apply a write it was told failed
                }
                viewDirty = true;
                try {
                    T result = command.run(core, clock.millis());
                    // Completed after the batch's view is published, so the caller reads its own write.
                    completions.add(() -> future.complete(result));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }

            @Override
            public void fail(Throwable reason) {
                future.completeExceptionally(reason);
            }
        });
        if (!queued) {
            future.completeExceptionally(new NodeOverloadedException("node " + nodeName + " is overloaded: "
                    + Mailbox.MAX_COMMANDS + " commands already wait for its event loop"));
            return future;
        }
        if (!running) {
            // The loop may already have drained its queue for the last time.
            failPendingCommands();
        }
        return future;
    }

    /** Completes when {@code condition} holds after some batch; fails if the loop stops first. */
    CompletableFuture<Void> when(Predicate<ProtocolCore> condition) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit((c, now) -> waiters.add(new Waiter(condition, done))).whenComplete((added, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure); // the loop stopped before the waiter was registered
            }
        });
        return done;
    }

    /** Asks the loop to stop and waits for it (bounded). Pending commands and waiters fail. */
    void stop() {
        running = false;
        mailbox.wake();
        if (!isLoopThread()) {
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Event loop of {} did not stop within {}", nodeName, STOP_WAIT);
            }
        }
        failPendingCommands();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            guarded(() -> core.start(clock.millis()));
            finishBatch(clock.millis());
            while (running) {
                long now = clock.millis();
                long wake = Math.min(safeNextWakeup(), messaging.nextDeadlineMillis());
                if (wake > now) {
                    mailbox.awaitWork(Math.min(wake - now, MAX_SLEEP_MILLIS));
                }
                if (!running) {
                    break;
                }
                runTurn(clock.millis());
            }
        } catch (Throwable t) {
            LOG.error("Event loop of {} died; the node no longer takes part in the cluster", nodeName, t);
            throw t;
        } finally {
            running = false;
            Throwable closed = new NodeClosedException("node " + nodeName + " is closed");
            waiters.forEach(w -> w.future().completeExceptionally(closed));
            waiters.clear();
            mailbox.clearMessages();
            failPendingCommands();
        }
    }

    private void runTurn(long now) {
        PendingCommand command;
        while ((command = mailbox.pollCommand()) != null) {
            command.run();
        }
        Inbound in;
        for (int i = 0; i < MAX_MESSAGES_PER_BATCH && (in = mailbox.pollMessage()) != null; i++) {
            Inbound message = in;
            if (takenByMessaging(message)) {
                continue;
            }
            if (!guarded(() -> core.receive(now, message.message()))) {
                metrics.dropped(DropReason.CORE_ERROR);
            }
        }
        if (safeNextWakeup() <= now) {
            guarded(() -> core.tick(now));
        }
        finishBatch(now);
    }

    private void finishBatch(long now) {
        List<OutboundMessage> outbound = core.drainOutbound();
        for (OutboundMessage out : outbound) {
            sender.send(out);
        }
        List<ClusterEvent> events = core.drainEvents();
        for (Timing timing : core.drainTimings()) {
            metrics.timing(timing);
        }
        // The local member changes without an event when it refutes a suspicion (a new incarnation).
        boolean selfChanged = view.current() != null && core.localMember() != view.current().local();
        if (viewDirty || selfChanged || !events.isEmpty() || now - lastViewMillis >= VIEW_REFRESH_MILLIS) {
            // Commands (publish, remove) and metadata events are the only ways the map changes.
            boolean metadataChanged = viewDirty || events.stream().anyMatch(e -> e instanceof ClusterEvent.MetadataChanged);
            view.publish(core, metadataChanged);
            metrics.publishMembers(view.current().members());
            metrics.publishCore(CoreCounters.copyOf(core.stats()));
            metrics.publishGossipQueue(core.pendingBroadcasts());
            metrics.publishHealthScore(core.healthScore());
            viewDirty = false;
            lastViewMillis = now;
        }
        completions.forEach(Runnable::run);
        completions.clear();
        dispatcher.dispatch(events);
        try {
            messaging.afterBatch(now, events, core.drainQueries());
        } catch (RuntimeException e) {
            LOG.warn("Messaging of {} failed after a batch", nodeName, e);
        }
        checkWaiters();
    }

    private boolean takenByMessaging(Inbound message) {
        if (core.paused() && Messaging.isMessaging(message.message())) {
            // Go's Stop: a stopped node takes part in nothing, so it neither answers nor runs handlers.
            return true;
        }
        try {
            return messaging.receive(message.message());
        } catch (RuntimeException e) {
            LOG.warn("Messaging of {} failed on {}", nodeName, message.message(), e);
            metrics.dropped(DropReason.CORE_ERROR);
            return true;
        }
    }

    private void checkWaiters() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            boolean met;
            try {
                met = w.future().isDone() || w.condition().test(core);
            } catch (RuntimeException e) {
                w.future().completeExceptionally(e);
                met = true;
            }
            if (met) {
                it.remove();
                w.future().complete(null);
            }
        }
    }

    private long safeNextWakeup() {
        try {
            return core.nextWakeupMillis();
        } catch (RuntimeException e) {
            LOG.warn("Core of {} failed to report its next wake-up", nodeName, e);
            return clock.millis() + MAX_SLEEP_MILLIS;
        }
    }

    private boolean guarded(Runnable action) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Protocol core of {} threw; input skipped", nodeName, e);
            return false;
        }
    }

    private void failPendingCommands() {
        Throwable closed = new NodeClosedException("node " + nodeName + " is closed");
        PendingCommand command;
        while ((command = mailbox.pollCommand()) != null) {
            command.fail(closed);
        }
    }
}

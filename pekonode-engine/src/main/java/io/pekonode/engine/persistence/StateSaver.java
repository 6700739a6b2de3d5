package io.pekonode.engine.persistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Saves a node's state on its own thread ({@code pekonode-saver-<name>}), so disk latency never
 * stalls the event loop: every {@link StateStore#saveInterval()} it asks the loop for a snapshot
 * (a cheap copy made on the loop) and writes it only when it differs from the last one written.
 * {@link #close} writes the final state once more (if changed) and stops the thread.
 */
public final class StateSaver {

    private static final Logger LOG = LogManager.getLogger(StateSaver.class);
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 5_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final String nodeName;
    private final StateStore store;
    private final Supplier<CompletableFuture<PersistedState>> snapshots;
    private final ScheduledExecutorService thread;
    private PersistedState lastSaved; // saver thread only
    private boolean failing; // saver thread only: log a run of failures once, not every second

    /**
     * @param snapshots asks the event loop for the current state; the future completes off this thread
     */
    public StateSaver(String nodeName, StateStore store, Supplier<CompletableFuture<PersistedState>> snapshots) {
        this.nodeName = nodeName;
        this.store = store;
        this.snapshots = snapshots;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pekonode-saver-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long interval = Math.max(1, store.saveInterval().toMillis());
        thread.scheduleWithFixedDelay(this::saveCurrent, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Saves {@code finalState} (when given and changed) on the saver thread, after any save under
     * way, then stops the thread. Waits for that, bounded.
     */
    public void close(PersistedState finalState) {
        try {
            if (finalState != null) {
                thread.execute(() -> saveIfChanged(finalState));
            }
        } catch (RejectedExecutionException e) {
            return; // already closed
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Saving the final state of {} did not finish within {} ms", nodeName, CLOSE_TIMEOUT_MILLIS);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void saveCurrent() {
        PersistedState state;
        try {
            state = snapshots.get().get(SNAPSHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("No state snapshot from {} this time: {}", nodeName, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        saveIfChanged(state);
    }

    private void saveIfChanged(PersistedState state) {
        if (state.equals(lastSaved)) {
            return;
        }
        try {
            store.save(state);
            lastSaved = state;
            if (failing) {
                LOG.info("Saving the state of {} works again", nodeName);
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not save the state of {} (will retry; the previous saved state is intact)", nodeName, e);
                failing = true;
            }
        }
    }
}

package io.pekonode.engine.persistence;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * (a copy made on the loop) and writes it only when it differs from the last one written.
 * {@link #close} writes the final state once more (if changed) and stops the thread.
 *
 * <p>An idle node should cost nothing: given a change token (see {@link #token}), read off the
 * loop without copying anything, the saver skips an interval whose token is the same as at the
 * last save and asks for no snapshot at all. Every {@value #FULL_CHECK_EVERY} intervals it takes
 * a snapshot anyway, for changes the token does not show (tombstones expiring).
 */
public final class StateSaver {

    private static final Logger LOG = LogManager.getLogger(StateSaver.class);
    private static final long SNAPSHOT_TIMEOUT_MILLIS = 5_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
    static final int FULL_CHECK_EVERY = 60;

    private final String nodeName;
    private final StateStore store;
    private final Supplier<CompletableFuture<PersistedState>> snapshots;
    private final Supplier<List<Object>> changeToken; // null: snapshot every interval
    private final ScheduledExecutorService thread;
    private PersistedState lastSaved; // saver thread only
    private List<Object> lastToken; // saver thread only: the token read before lastSaved's snapshot
    private int skipped; // saver thread only: intervals skipped in a row
    private volatile long snapshotsTaken;
    private boolean failing; // saver thread only: log a run of failures once, not every second

    /**
     * @param snapshots asks the event loop for the current state; the future completes off this thread
     */
    public StateSaver(String nodeName, StateStore store, Supplier<CompletableFuture<PersistedState>> snapshots) {
        this(nodeName, store, snapshots, null);
    }

    /**
     * @param snapshots   asks the event loop for the current state; the future completes off this thread
     * @param changeToken reads, on any thread and without copying, parts of the state that are
     *                    replaced (never mutated) whenever the state changes; compared element by
     *                    element by identity. Build it with {@link #token}.
     */
    public StateSaver(String nodeName, StateStore store, Supplier<CompletableFuture<PersistedState>> snapshots,
                      Supplier<List<Object>> changeToken) {
        this.nodeName = nodeName;
        this.store = store;
        this.snapshots = snapshots;
        this.changeToken = changeToken;
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

    /**
     * A change token from immutable parts of a node's published view: the local member, each member
     * and each metadata value (the same instances until something about them changes; O(members +
     * keys) reference copies, no state copied).
     */
    public static List<Object> token(Object local, Collection<?> members, Collection<?> metadataValues) {
        List<Object> token = new ArrayList<>(members.size() + metadataValues.size() + 2);
        token.add(local);
        token.addAll(members);
        token.add(null); // separator: a member never lines up with a value
        token.addAll(metadataValues);
        return token;
    }

    /** Snapshots asked of the loop so far (idle intervals skipped by the token ask none). */
    long snapshotsTaken() {
        return snapshotsTaken;
    }

    private void saveCurrent() {
        List<Object> token = null;
        if (changeToken != null) {
            // Read before the snapshot: the snapshot is then at least as new as the token.
            token = changeToken.get();
            if (lastSaved != null && sameInstances(token, lastToken) && ++skipped < FULL_CHECK_EVERY) {
                return;
            }
            skipped = 0;
        }
        snapshotsTaken++;
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
        if (saveIfChanged(state)) {
            lastToken = token;
        }
    }

    private static boolean sameInstances(List<Object> a, List<Object> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** @return true when {@code state} is now what is on disk */
    private boolean saveIfChanged(PersistedState state) {
        if (state.equals(lastSaved)) {
            return true;
        }
        try {
            store.save(state);
            lastSaved = state;
            if (failing) {
                LOG.info("Saving the state of {} works again", nodeName);
                failing = false;
            }
            return true;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not save the state of {} (will retry; the previous saved state is intact)", nodeName, e);
                failing = true;
            }
            return false;
        }
    }
}

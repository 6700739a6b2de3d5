package io.pekonode.engine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.pekonode.engine.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The saver writes changed snapshots only, off the caller's thread, and the final one at close. */
class StateSaverTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static class RecordingStore implements StateStore {
        final List<PersistedState> saved = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public Optional<PersistedState> load() {
            return Optional.empty();
        }

        @Override
        public void save(PersistedState state) {
            threads.add(Thread.currentThread().getName());
            saved.add(state);
        }

        @Override
        public Duration saveInterval() {
            return Duration.ofMillis(5);
        }
    }

    @Test
    void unchangedSnapshotsAreNotRewrittenAndChangesAre() {
        RecordingStore store = new RecordingStore();
        AtomicReference<PersistedState> current = new AtomicReference<>(States.sample(States.ID, 1));
        AtomicInteger asked = new AtomicInteger();
        StateSaver saver = new StateSaver("n1", store, () -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(current.get());
        });
        saver.start();
        Await.until(WAIT, () -> asked.get() >= 5);
        assertEquals(List.of(States.sample(States.ID, 1)), store.saved, "one write for five identical snapshots");

        current.set(States.sample(States.ID, 2));
        Await.until(WAIT, () -> store.saved.size() == 2);
        int seen = asked.get();
        Await.until(WAIT, () -> asked.get() >= seen + 5);
        assertEquals(2, store.saved.size());

        saver.close(States.sample(States.ID, 3));
        assertEquals(States.sample(States.ID, 3), store.saved.get(store.saved.size() - 1));
        assertEquals(3, store.saved.size());
        store.threads.forEach(t -> assertEquals("pekonode-saver-n1", t));
        assertNotEquals("pekonode-saver-n1", Thread.currentThread().getName());
    }

    @Test
    void aFailingStoreDoesNotStopLaterSaves() {
        AtomicInteger attempts = new AtomicInteger();
        RecordingStore store = new RecordingStore() {
            @Override
            public void save(PersistedState state) {
                if (attempts.incrementAndGet() <= 3) {
                    throw new IllegalStateException("disk full");
                }
                super.save(state);
            }
        };
        StateSaver saver = new StateSaver("n2", store, () -> CompletableFuture.completedFuture(States.sample()));
        saver.start();
        Await.until(WAIT, () -> store.saved.size() == 1);
        saver.close(null);
    }

    @Test
    void closeWithoutChangesWritesNothingMore() {
        RecordingStore store = new RecordingStore();
        StateSaver saver = new StateSaver("n3", store, () -> CompletableFuture.completedFuture(States.sample()));
        saver.start();
        Await.until(WAIT, () -> store.saved.size() == 1);
        saver.close(States.sample());
        assertEquals(1, store.saved.size());
    }

    @Test
    void anUnchangedTokenSkipsTheSnapshotAndAChangedOneIsSavedWithinTheInterval() {
        RecordingStore store = new RecordingStore();
        AtomicReference<PersistedState> current = new AtomicReference<>(States.sample(States.ID, 1));
        AtomicReference<List<Object>> token = new AtomicReference<>(StateSaver.token("self-1", List.of("m"), List.of()));
        AtomicInteger tokensRead = new AtomicInteger();
        StateSaver saver = new StateSaver("n3", store, () -> CompletableFuture.completedFuture(current.get()), () -> {
            tokensRead.incrementAndGet();
            return token.get();
        });
        saver.start();
        Await.until(WAIT, () -> store.saved.size() == 1);
        long snapshots = saver.snapshotsTaken();
        Await.until(WAIT, () -> tokensRead.get() >= 30);
        assertEquals(snapshots, saver.snapshotsTaken(), "idle intervals take no snapshot");
        assertEquals(1, store.saved.size());

        // An equal but new token (a member replaced by an equal one) is a change as far as the saver
        // can tell cheaply: it takes a snapshot, finds it equal and writes nothing.
        current.set(States.sample(States.ID, 2));
        token.set(StateSaver.token("self-2", List.of("m"), List.of()));
        Await.until(WAIT, () -> store.saved.size() == 2);
        assertEquals(States.sample(States.ID, 2), store.saved.get(1));
        saver.close(null);
    }

    @Test
    void aChangeTheTokenDoesNotShowIsStillSavedByThePeriodicFullCheck() {
        RecordingStore store = new RecordingStore();
        AtomicReference<PersistedState> current = new AtomicReference<>(States.sample(States.ID, 1));
        List<Object> fixed = StateSaver.token("self", List.of(), List.of());
        StateSaver saver = new StateSaver("n4", store, () -> CompletableFuture.completedFuture(current.get()), () -> fixed);
        saver.start();
        Await.until(WAIT, () -> store.saved.size() == 1);
        current.set(States.sample(States.ID, 2)); // e.g. a tombstone expired: no new instance in the view
        Await.until(WAIT, () -> store.saved.size() == 2); // within FULL_CHECK_EVERY intervals (60 x 5 ms)
        assertEquals(States.sample(States.ID, 2), store.saved.get(1));
        saver.close(null);
    }
}

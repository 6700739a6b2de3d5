package io.pekonode.engine.core.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataStoreTest {

    private static final long T = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private static MetadataStore store(String node) {
        return new MetadataStore(node, new HybridClock(node));
    }

    private static MetadataEntry entry(String key, String value, long physical, int logical, String node) {
        return new MetadataEntry(key, value == null ? null : value.getBytes(UTF_8),
                new HlcTimestamp(physical, logical, node));
    }

    private static String read(MetadataStore store, String key) {
        return store.get(key).map(v -> new String(v, UTF_8)).orElse(null);
    }

    private static Map<String, String> strings(MetadataStore store) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        store.snapshot().forEach((k, v) -> out.put(k, new String(v, UTF_8)));
        return out;
    }

    /** Conflicting writes and deletes on a few keys from several nodes, equal versions but for the node id included. */
    private static List<MetadataEntry> conflictingHistory() {
        return List.of(
                entry("color", "red", T, 0, "a"),
                entry("color", "blue", T, 0, "b"),       // same physical and logical: node id decides
                entry("color", "green", T - 5, 9, "c"),
                entry("size", "1", T, 1, "a"),
                entry("size", null, T, 2, "b"),          // delete after the write
                entry("shape", null, T - 1, 0, "c"),      // delete before the write
                entry("shape", "circle", T, 0, "a"),
                entry("only", "x", T + 10, 0, "c"));
    }

    @Test
    void everyApplicationOrderConvergesToTheSameMapAndDigest() {
        List<MetadataEntry> history = conflictingHistory();
        MetadataStore reference = store("ref");
        history.forEach(e -> reference.apply(e, T));
        assertEquals(Map.of("color", "blue", "shape", "circle", "only", "x"), strings(reference));

        List<List<MetadataEntry>> orders = new ArrayList<>();
        permutations(new ArrayList<>(history.subList(0, 6)), 0, orders); // all 720 orders of the first six
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<MetadataEntry> shuffled = new ArrayList<>(history);
            Collections.shuffle(shuffled, random);
            orders.add(shuffled);
        }
        MetadataStore refSix = store("ref6");
        history.subList(0, 6).forEach(e -> refSix.apply(e, T));
        for (List<MetadataEntry> order : orders) {
            MetadataStore expected = order.size() == 6 ? refSix : reference;
            for (String node : List.of("n1", "n2", "n3")) {
                MetadataStore s = store(node);
                order.forEach(e -> s.apply(e, T));
                assertEquals(strings(expected), strings(s), "order " + order);
                assertEquals(expected.digest(), s.digest(), "order " + order);
                assertEquals(expected.all(), s.all());
            }
        }
    }

    private static void permutations(List<MetadataEntry> items, int from, List<List<MetadataEntry>> out) {
        if (from == items.size()) {
            out.add(List.copyOf(items));
            return;
        }
        for (int i = from; i < items.size(); i++) {
            Collections.swap(items, from, i);
            permutations(items, from + 1, out);
            Collections.swap(items, from, i);
        }
    }

    @Test
    void equalPhysicalAndLogicalAreDecidedByNodeIdEverywhere() {
        MetadataEntry fromA = entry("k", "from-a", T, 3, "a");
        MetadataEntry fromB = entry("k", "from-b", T, 3, "b");
        MetadataStore one = store("x");
        MetadataStore two = store("y");
        assertTrue(one.apply(fromA, T));
        assertTrue(one.apply(fromB, T));
        assertTrue(two.apply(fromB, T));
        assertFalse(two.apply(fromA, T), "the older version must not replace the newer");
        assertEquals("from-b", read(one, "k"));
        assertEquals("from-b", read(two, "k"));
    }

    @Test
    void applyingTheSameEntryTwiceStoresItOnce() {
        MetadataStore s = store("x");
        MetadataEntry e = entry("k", "v", T, 0, "a");
        assertTrue(s.apply(e, T));
        assertFalse(s.apply(e, T));
    }

    @Test
    void aDeleteBeatsAnOlderWriteAndLosesToANewerOne() {
        MetadataStore s = store("x");
        s.apply(entry("k", "old", T, 0, "a"), T);
        assertTrue(s.apply(entry("k", null, T, 1, "b"), T));
        assertEquals(Optional.empty(), s.get("k"));
        assertFalse(s.snapshot().containsKey("k"));
        assertTrue(s.entry("k").orElseThrow().isTombstone(), "the tombstone is kept to block late writes");

        assertFalse(s.apply(entry("k", "late-but-old", T, 0, "z"), T), "an older write must not resurrect the key");
        assertEquals(Optional.empty(), s.get("k"));

        assertTrue(s.apply(entry("k", "newer", T, 2, "a"), T));
        assertEquals("newer", read(s, "k"));
    }

    @Test
    void localWritesAndDeletesGetIncreasingVersions() {
        MetadataStore s = store("me");
        MetadataEntry first = s.put("k", "1".getBytes(UTF_8), T);
        MetadataEntry second = s.put("k", "2".getBytes(UTF_8), T);
        MetadataEntry removed = s.remove("k", T);
        assertTrue(second.version().isAfter(first.version()));
        assertTrue(removed.version().isAfter(second.version()));
        assertTrue(removed.isTombstone());
        assertEquals("me", removed.version().nodeId());
        assertEquals(Optional.of(removed), s.entry("k"));
    }

    @Test
    void aWriteAfterSeeingAWriteFromAClockAnHourAheadWins() {
        MetadataStore fast = store("fast");   // its wall clock is an hour ahead
        MetadataStore honest = store("honest");
        MetadataEntry fromFast = fast.put("k", "fast".getBytes(UTF_8), T + HOUR);

        assertTrue(honest.apply(fromFast, T));
        MetadataEntry fromHonest = honest.put("k", "honest".getBytes(UTF_8), T + 1);
        assertTrue(fromHonest.version().isAfter(fromFast.version()), fromHonest + " vs " + fromFast);

        assertTrue(fast.apply(fromHonest, T + HOUR + 2));
        assertEquals("honest", read(fast, "k"));
        assertEquals("honest", read(honest, "k"));
        assertEquals(fast.digest(), honest.digest());

        // The honest node's clock followed the fast one, so its writes to other keys win too.
        MetadataEntry other = honest.put("other", "x".getBytes(UTF_8), T + 2);
        assertTrue(other.version().isAfter(fromFast.version()));
    }

    @Test
    void aVersionBeyondTheDriftBoundIsStoredButDoesNotDragTheClockAndCanStillBeOverwritten() {
        MetadataStore s = store("honest");
        MetadataEntry broken = entry("k", "from-2038", T + 10 * 365 * 24 * HOUR, 0, "broken");
        assertTrue(s.apply(broken, T), "acceptance depends on versions only, so replicas converge");
        assertEquals("from-2038", read(s, "k"));

        MetadataEntry unrelated = s.put("other", "x".getBytes(UTF_8), T);
        assertEquals(T, unrelated.version().physicalMillis(), "the clock must not jump ten years ahead");

        MetadataEntry overwrite = s.put("k", "fixed".getBytes(UTF_8), T);
        assertTrue(overwrite.version().isAfter(broken.version()));
        assertEquals("fixed", read(s, "k"));
        MetadataStore elsewhere = store("elsewhere");
        elsewhere.apply(overwrite, T);
        assertFalse(elsewhere.apply(broken, T), "the overwrite wins on every replica");
    }

    @Test
    void digestHashesAreEqualExactlyWhenTheContentIsEqual() {
        MetadataStore a = store("a");
        MetadataStore b = store("b");
        assertEquals(0L, a.digest().hash());
        assertEquals(a.digest().hash(), b.digest().hash());

        // a reaches the state through superseded versions, b directly: the incremental hash must agree.
        a.apply(entry("k1", "old", T, 0, "x"), T);
        a.apply(entry("k1", "new", T, 1, "x"), T);
        a.apply(entry("k2", "v", T, 0, "y"), T);
        b.apply(entry("k2", "v", T, 0, "y"), T);
        assertNotEquals(a.digest().hash(), b.digest().hash());
        b.apply(entry("k1", "new", T, 1, "x"), T);
        assertEquals(a.digest().hash(), b.digest().hash());
        assertEquals(a.digest(), b.digest());

        // Differences in logical counter, node id or tombstone status of a key change the hash.
        MetadataStore c = store("c");
        c.apply(entry("k2", "v", T, 0, "y"), T);
        c.apply(entry("k1", "new", T, 2, "x"), T);
        assertNotEquals(a.digest().hash(), c.digest().hash());
        MetadataStore d = store("d");
        d.apply(entry("k2", "v", T, 0, "y"), T);
        d.apply(entry("k1", "new", T, 1, "w"), T);
        assertNotEquals(a.digest().hash(), d.digest().hash());
        b.apply(entry("k1", null, T, 5, "x"), T);
        assertNotEquals(a.digest().hash(), b.digest().hash());
    }

    @Test
    void digestListsEveryVersionSortedByKeyIncludingTombstones() {
        MetadataStore s = store("s");
        s.apply(entry("b", "1", T, 0, "x"), T);
        s.apply(entry("a", null, T, 1, "x"), T);
        s.apply(entry("c", "3", T, 2, "x"), T);
        assertEquals(List.of(new KeyVersion("a", new HlcTimestamp(T, 1, "x")),
                        new KeyVersion("b", new HlcTimestamp(T, 0, "x")),
                        new KeyVersion("c", new HlcTimestamp(T, 2, "x"))),
                s.digest().versions());
    }

    @Test
    void compareFindsExactlyTheDifferingKeysInBothDirections() {
        MetadataStore local = store("l");
        MetadataStore remote = store("r");
        for (MetadataStore s : List.of(local, remote)) {
            s.apply(entry("same", "v", T, 0, "x"), T);
            s.apply(entry("same-tombstone", null, T, 0, "x"), T);
        }
        local.apply(entry("only-local", "v", T, 0, "x"), T);
        local.apply(entry("only-local-tombstone", null, T, 0, "x"), T);
        remote.apply(entry("only-remote", "v", T, 0, "x"), T);
        local.apply(entry("local-newer", "new", T, 1, "x"), T);
        remote.apply(entry("local-newer", "old", T, 0, "x"), T);
        local.apply(entry("remote-newer", "old", T, 0, "x"), T);
        remote.apply(entry("remote-newer", null, T, 1, "x"), T);
        local.apply(entry("tie-by-node", "v", T, 0, "b"), T);
        remote.apply(entry("tie-by-node", "v", T, 0, "a"), T);

        SyncPlan plan = local.compare(remote.digest());
        assertEquals(List.of("local-newer", "only-local", "only-local-tombstone", "tie-by-node"),
                plan.toSend().stream().map(MetadataEntry::key).toList());
        assertEquals(local.entries(List.of("local-newer", "only-local", "only-local-tombstone", "tie-by-node")),
                plan.toSend());
        assertEquals(List.of("only-remote", "remote-newer"), plan.toRequest());

        SyncPlan reverse = remote.compare(local.digest());
        assertEquals(List.of("only-remote", "remote-newer"),
                reverse.toSend().stream().map(MetadataEntry::key).toList());
        assertEquals(List.of("local-newer", "only-local", "only-local-tombstone", "tie-by-node"), reverse.toRequest());

        // Carrying out the plan makes the replicas identical, and then there is nothing left to do.
        plan.toSend().forEach(e -> remote.apply(e, T));
        remote.entries(plan.toRequest()).forEach(e -> local.apply(e, T));
        assertEquals(local.digest(), remote.digest());
        assertTrue(local.compare(remote.digest()).isEmpty());
    }

    @Test
    void compareWithEqualHashesIsEmptyWithoutLookingFurther() {
        MetadataStore s = store("s");
        s.apply(entry("k", "v", T, 0, "x"), T);
        assertTrue(s.compare(s.digest()).isEmpty());
        SyncPlan againstEmpty = s.compare(MetadataDigest.EMPTY);
        assertEquals(List.of(s.entry("k").orElseThrow()), againstEmpty.toSend());
        assertEquals(List.of(), againstEmpty.toRequest());
    }

    @Test
    void entriesReturnsTombstonesAndSkipsUnknownKeys() {
        MetadataStore s = store("s");
        s.apply(entry("live", "v", T, 0, "x"), T);
        s.apply(entry("gone", null, T, 0, "x"), T);
        List<MetadataEntry> found = s.entries(List.of("gone", "unknown", "live"));
        assertEquals(List.of(s.entry("gone").orElseThrow(), s.entry("live").orElseThrow()), found);
    }

    @Test
    void readsAreCopiesSortedByKeyAndSkipTombstones() {
        MetadataStore s = store("s");
        s.put("b", "2".getBytes(UTF_8), T);
        s.put("a", "1".getBytes(UTF_8), T);
        s.put("c", "3".getBytes(UTF_8), T);
        s.remove("c", T);
        Map<String, byte[]> snapshot = s.snapshot();
        assertEquals(List.of("a", "b"), List.copyOf(snapshot.keySet()));
        snapshot.get("a")[0] = 'X';
        s.get("b").orElseThrow()[0] = 'Y';
        assertEquals("1", read(s, "a"));
        assertEquals("2", read(s, "b"));
        assertEquals(3, s.size());
        assertEquals(1, s.tombstoneCount());
    }

    @Test
    void purgeDropsOnlyTombstonesOlderThanTheHorizon() {
        MetadataStore s = store("s");
        Duration retention = Duration.ofHours(24);
        long now = T + 24 * HOUR;
        s.apply(entry("expired", null, T - 1, 0, "x"), T);
        s.apply(entry("at-horizon", null, T, 0, "x"), T);
        s.apply(entry("recent", null, T + HOUR, 0, "x"), T);
        s.apply(entry("old-but-live", "v", T - HOUR, 0, "x"), T);

        MetadataStore expected = store("e");
        expected.apply(entry("at-horizon", null, T, 0, "x"), T);
        expected.apply(entry("recent", null, T + HOUR, 0, "x"), T);
        expected.apply(entry("old-but-live", "v", T - HOUR, 0, "x"), T);

        assertEquals(1, s.purgeTombstones(now, retention));
        assertEquals(Optional.empty(), s.entry("expired"));
        assertEquals(expected.digest(), s.digest(), "the hash must forget the purged tombstone");
        assertEquals(2, s.tombstoneCount());
        assertEquals(0, s.purgeTombstones(now, retention));
        assertEquals(2, s.purgeTombstones(now + 2 * HOUR, retention));
        assertEquals("v", read(s, "old-but-live"));
        assertEquals(0, s.purgeTombstones(now, Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void afterAPurgeAnOlderWriteIsAcceptedAgain() {
        // Documents why the retention must outlast partitions: this is the resurrection it allows.
        MetadataStore s = store("s");
        s.apply(entry("k", null, T, 1, "x"), T);
        s.purgeTombstones(T + 2 * HOUR, Duration.ofHours(1));
        assertTrue(s.apply(entry("k", "stale", T, 0, "x"), T));
    }

    @Test
    void putStoresTheGivenArrayWithoutCopying() {
        MetadataStore s = store("s");
        byte[] value = "v".getBytes(UTF_8);
        MetadataEntry stored = s.put("k", value, T);
        assertTrue(stored.value() == value, "documented: callers pass copies, the store does not copy again");
        assertArrayEquals(value, s.get("k").orElseThrow());
    }
}

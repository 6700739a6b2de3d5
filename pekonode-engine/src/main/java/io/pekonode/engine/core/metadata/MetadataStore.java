package io.pekonode.engine.core.metadata;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local replica of the cluster metadata map: last writer wins, where "last" is the
 * {@link HlcTimestamp} order. Because that order ends in the writer's node id, every replica picks
 * the same winner for concurrent writes, so replicas that have seen the same entries (in any order)
 * hold the same map. Deletes are tombstones (entries with a {@code null} value) so that an older
 * write arriving late cannot bring a key back; {@link #purgeTombstones} forgets them after the
 * configured retention.
 *
 * <p><b>Values are stored as given, not copied</b>: callers hand over arrays nobody else writes to
 * (the core copies user input once; decoded wire values are fresh). Reads for users
 * ({@link #get}, {@link #snapshot}) return copies; entries for the wire ({@link #entry},
 * {@link #entries}, {@link #all}, {@link #compare}) share arrays, like every wire record.
 *
 * <p>A digest hash of all (key, version) pairs is kept up to date on every change, so that the
 * common anti-entropy case "both sides hold the same map" costs one comparison of two longs.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread. Time is passed in.
 */
public final class MetadataStore {

    private final String localNodeId;
    private final HybridClock clock;
    /** Sorted so that digests, snapshots and plans come out in key order without sorting. */
    private final TreeMap<String, MetadataEntry> entries = new TreeMap<>();
    private long digestHash;
    private int tombstones;

    public MetadataStore(String localNodeId, HybridClock clock) {
        this.localNodeId = Objects.requireNonNull(localNodeId, "localNodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!localNodeId.equals(clock.nodeId())) {
            throw new IllegalArgumentException("clock belongs to " + clock.nodeId() + ", not " + localNodeId);
        }
    }

    /**
     * Writes {@code key} locally and returns the stored entry, to be gossiped. The version is after
     * everything the clock has issued or observed and after the key's current version, so the local
     * write wins here and on every replica that later sees both; the latter matters only when the
     * current version came from a clock beyond {@link HybridClock#MAX_DRIFT_MILLIS}, which the clock
     * refuses to follow: the write then takes the successor of that version instead, without moving
     * the clock, so one bad clock can be overwritten without dragging every later version along.
     */
    public MetadataEntry put(String key, byte[] value, long wallMillis) {
        Objects.requireNonNull(value, "value (use remove to delete)");
        return writeLocal(key, value, wallMillis);
    }

    /** Deletes {@code key} locally by storing a tombstone (even for a key not known here yet). */
    public MetadataEntry remove(String key, long wallMillis) {
        return writeLocal(key, null, wallMillis);
    }

    private MetadataEntry writeLocal(String key, byte[] value, long wallMillis) {
        Objects.requireNonNull(key, "key");
        HlcTimestamp version = clock.tick(wallMillis);
        MetadataEntry current = entries.get(key);
        if (current != null && !version.isAfter(current.version())) {
            version = successor(current.version());
        }
        MetadataEntry entry = new MetadataEntry(key, value, version);
        store(current, entry);
        return entry;
    }

    private HlcTimestamp successor(HlcTimestamp v) {
        return v.logical() == Integer.MAX_VALUE
                ? new HlcTimestamp(v.physicalMillis() + 1, 0, localNodeId)
                : new HlcTimestamp(v.physicalMillis(), v.logical() + 1, localNodeId);
    }

    /**
     * Merges an entry from a peer: the clock observes its version, and it replaces the local entry
     * iff its version is after the local one (or the key is unknown). Acceptance depends only on the
     * two versions, never on the local clock, so all replicas converge even with skewed clocks.
     *
     * @return true iff the entry was stored (the caller then reports the change and gossips it on)
     */
    public boolean apply(MetadataEntry remote, long wallMillis) {
        Objects.requireNonNull(remote, "remote");
        clock.observe(remote.version(), wallMillis);
        MetadataEntry current = entries.get(remote.key());
        if (current != null && !remote.version().isAfter(current.version())) {
            return false;
        }
        store(current, remote);
        return true;
    }

    private void store(MetadataEntry current, MetadataEntry entry) {
        if (current != null) {
            forget(current);
        }
        entries.put(entry.key(), entry);
        digestHash += DigestHash.of(entry.key(), entry.version());
        if (entry.isTombstone()) {
            tombstones++;
        }
    }

    /** Undoes {@code old}'s share of the digest hash and tombstone count (the map is updated by the caller). */
    private void forget(MetadataEntry old) {
        digestHash -= DigestHash.of(old.key(), old.version());
        if (old.isTombstone()) {
            tombstones--;
        }
    }

    /** A copy of the live value of {@code key}; empty when unknown or deleted. */
    public Optional<byte[]> get(String key) {
        MetadataEntry e = entries.get(key);
        return e == null || e.isTombstone() ? Optional.empty() : Optional.of(e.value().clone());
    }

    /** The stored entry for {@code key}, tombstones included. */
    public Optional<MetadataEntry> entry(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Copies of every live key and value, sorted by key, unmodifiable. */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        for (MetadataEntry e : entries.values()) {
            if (!e.isTombstone()) {
                copy.put(e.key(), e.value().clone());
            }
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The hash and every (key, version) pair, tombstones included, sorted by key. */
    public MetadataDigest digest() {
        List<KeyVersion> versions = new ArrayList<>(entries.size());
        for (MetadataEntry e : entries.values()) {
            versions.add(new KeyVersion(e.key(), e.version()));
        }
        return new MetadataDigest(digestHash, versions);
    }

    /** The digest hash alone, for cheap equality checks and tests. */
    public long digestHash() {
        return digestHash;
    }

    /**
     * What differs from a peer's digest: the local entries it lacks or holds older (sorted by key),
     * and the keys it holds newer or that are unknown here (sorted by key). Equal hashes mean equal
     * maps (up to a 64-bit collision) and give an empty plan without looking at the lists. A key
     * listed twice by the peer counts with its newest version.
     */
    public SyncPlan compare(MetadataDigest remote) {
        Objects.requireNonNull(remote, "remote");
        if (remote.hash() == digestHash) {
            return new SyncPlan(List.of(), List.of());
        }
        Map<String, HlcTimestamp> theirs = new HashMap<>(remote.versions().size() * 2);
        for (KeyVersion kv : remote.versions()) {
            theirs.merge(kv.key(), kv.version(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<MetadataEntry> toSend = new ArrayList<>();
        List<String> toRequest = new ArrayList<>();
        for (MetadataEntry mine : entries.values()) {
            HlcTimestamp their = theirs.remove(mine.key());
            if (their == null || mine.version().isAfter(their)) {
                toSend.add(mine);
            } else if (their.isAfter(mine.version())) {
                toRequest.add(mine.key());
            }
        }
        toRequest.addAll(theirs.keySet()); // what is left: keys unknown here
        Collections.sort(toRequest);
        return new SyncPlan(toSend, toRequest);
    }

    /** The current entries (tombstones included) for those of {@code keys} that exist here. */
    public List<MetadataEntry> entries(Collection<String> keys) {
        List<MetadataEntry> found = new ArrayList<>(keys.size());
        for (String key : keys) {
            MetadataEntry e = entries.get(key);
            if (e != null) {
                found.add(e);
            }
        }
        return found;
    }

    /** Every entry, tombstones included, sorted by key. */
    public List<MetadataEntry> all() {
        return new ArrayList<>(entries.values());
    }

    /**
     * Forgets tombstones whose version is older than {@code retention} before {@code wallMillis}.
     * After that, an older write for the key (from a node partitioned longer than the retention)
     * would be accepted again, which is why the retention must outlast the longest partition.
     *
     * @return how many tombstones were dropped
     */
    public int purgeTombstones(long wallMillis, Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (tombstones == 0) {
            return 0;
        }
        long retentionMillis = retention.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0
                ? Long.MAX_VALUE : Math.max(0L, retention.toMillis());
        if (wallMillis < retentionMillis) {
            return 0; // the horizon would be before time 0, where no version can be
        }
        long horizon = wallMillis - retentionMillis;
        int purged = 0;
        for (Iterator<MetadataEntry> it = entries.values().iterator(); it.hasNext(); ) {
            MetadataEntry e = it.next();
            if (e.isTombstone() && e.version().physicalMillis() < horizon) {
                it.remove();
                forget(e);
                purged++;
            }
        }
        return purged;
    }

    /** Entries held, tombstones included. */
    public int size() {
        return entries.size();
    }

    /** Tombstones held (part of {@link #size()}). */
    public int tombstoneCount() {
        return tombstones;
    }
}

package io.pekonode.engine.core.metadata;

import io.pekonode.api.HlcTimestamp;
import java.util.Objects;

/**
 * A hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014) that versions metadata
 * writes. Its physical part follows the local wall clock, so versions stay close to real time and
 * tombstones can be aged out; its logical part orders events within one millisecond and while the
 * local wall clock lags a version already seen, so that a write made after seeing version V always
 * gets a version after V, however skewed the writers' clocks are.
 *
 * <p><b>Drift bound.</b> Following every remote timestamp blindly would let a single node with a
 * broken clock (or a forged packet) drag every clock in the cluster years into the future, after
 * which versions no longer reflect time and tombstones are never old enough to purge. Timestamps
 * whose physical part is more than {@link #MAX_DRIFT_MILLIS} ahead of the local wall clock are
 * therefore <em>not</em> followed: {@link #observe} ignores them (and counts them in
 * {@link #ignoredObservations()}). The rule guarantees, for every V with
 * {@code V.physicalMillis() <= wall + MAX_DRIFT_MILLIS} at the time it is observed, that every later
 * {@link #tick} returns a timestamp after V: observing V moves (lastPhysical, lastLogical) to at
 * least (V.physical, V.logical), and tick is strictly after that pair, so after V whatever V's node
 * id. The metadata store additionally makes a local write beat the entry it replaces even when that
 * entry is beyond the bound (see {@link MetadataStore#put}).
 *
 * <p>Time is always passed in; the clock reads no clock itself. Not thread-safe: the protocol core
 * drives it from one thread.
 */
public final class HybridClock {

    /**
     * How far ahead of the local wall clock a remote timestamp may be and still be followed: one
     * hour. Large enough for any host whose clock is merely badly set (a wrong time zone, a VM resumed
     * without NTP, the Go PekoNode's "clock an hour fast") to keep full HLC guarantees, small enough
     * that one broken or hostile clock cannot push the cluster's versions far from real time.
     */
    public static final long MAX_DRIFT_MILLIS = 60L * 60 * 1000;

    private final String nodeId;
    private long lastPhysical;
    /** -1 so that the very first tick at wall time 0 yields logical 0. */
    private int lastLogical = -1;
    private long ignoredObservations;

    public HybridClock(String nodeId) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    }

    /** A timestamp for a local write: after every timestamp this clock issued or observed. */
    public HlcTimestamp tick(long wallMillis) {
        long physical = Math.max(lastPhysical, Math.max(0L, wallMillis));
        int logical;
        if (physical != lastPhysical) {
            logical = 0;
        } else if (lastLogical == Integer.MAX_VALUE) {
            // Wrapping would go negative and sort before everything; borrow a millisecond instead.
            physical = lastPhysical + 1;
            logical = 0;
        } else {
            logical = lastLogical + 1;
        }
        lastPhysical = physical;
        lastLogical = logical;
        return new HlcTimestamp(physical, logical, nodeId);
    }

    /**
     * Moves the clock past a timestamp seen from a peer, so the next {@link #tick} is after it;
     * ignores (and counts) timestamps more than {@link #MAX_DRIFT_MILLIS} ahead of {@code wallMillis}.
     */
    public void observe(HlcTimestamp remote, long wallMillis) {
        Objects.requireNonNull(remote, "remote");
        if (!isWithinDrift(remote, wallMillis)) {
            ignoredObservations++;
            return;
        }
        if (remote.physicalMillis() > lastPhysical
                || (remote.physicalMillis() == lastPhysical && remote.logical() > lastLogical)) {
            lastPhysical = remote.physicalMillis();
            lastLogical = remote.logical();
        }
    }

    /** True when {@code remote} is close enough to {@code wallMillis} for the clock to follow it. */
    public static boolean isWithinDrift(HlcTimestamp remote, long wallMillis) {
        long bound = wallMillis > Long.MAX_VALUE - MAX_DRIFT_MILLIS ? Long.MAX_VALUE : wallMillis + MAX_DRIFT_MILLIS;
        return remote.physicalMillis() <= bound;
    }

    /** How many remote timestamps were ignored for being beyond the drift bound; a sign of a bad clock. */
    public long ignoredObservations() {
        return ignoredObservations;
    }

    public String nodeId() {
        return nodeId;
    }
}

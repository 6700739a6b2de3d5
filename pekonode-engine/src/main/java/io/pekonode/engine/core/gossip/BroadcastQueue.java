package io.pekonode.engine.core.gossip;

import io.pekonode.api.spi.wire.Rumor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Rumors waiting to be gossiped, each sent a limited number of times (memberlist's
 * TransmitLimitedQueue).
 *
 * <p>Epidemic dissemination reaches all N nodes with high probability after about
 * {@code log(N)} rounds, so each rumor is sent {@code retransmitMultiplier * ceil(log10(N + 1))}
 * times and then dropped; the limit is read from {@code clusterSize} at every take, so it follows
 * the cluster as it grows. Rumors sent the fewest times go first, so a burst of news cannot starve
 * the newest item; among equals the newest goes first, because fresh news is what peers lack most.
 *
 * <p>Newer news about the same subject (an equal {@link SupersedeKey}: the same member, or the same
 * metadata key) replaces the queued rumor and starts its count afresh: spreading a stale state would
 * only make receivers ignore it. That also bounds the queue of member and metadata rumors by the
 * number of distinct subjects (members plus metadata keys); user events and queries each have a key
 * of their own and are bounded by their owners.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class BroadcastQueue {

    /** Fewest transmits first, then newest (highest sequence) first; sequences are unique, so no ties. */
    private static final Comparator<Item> ORDER = (a, b) -> a.transmits != b.transmits
            ? Integer.compare(a.transmits, b.transmits)
            : Long.compare(b.seq, a.seq);

    private final IntSupplier clusterSize;
    private final int retransmitMultiplier;
    private final int extraTransmits;
    private final TreeSet<Item> queue = new TreeSet<>(ORDER);
    private final Map<SupersedeKey, Item> byKey = new HashMap<>();
    /** Queued items per estimated size, so the largest is known without a scan. */
    private final TreeMap<Integer, Integer> sizes = new TreeMap<>();
    /** Reused by take so that the hot path allocates only the result list and tree nodes. */
    private final List<Item> chosen = new ArrayList<>();
    private long nextSeq;
    private LongSupplier clock = () -> 0;
    private LongConsumer firstSendDelay = delay -> { };

    /**
     * @param clusterSize          the number of members the rumors must reach (read at every take)
     * @param retransmitMultiplier how many times per {@code ceil(log10(N + 1))} a rumor is sent
     */
    public BroadcastQueue(IntSupplier clusterSize, int retransmitMultiplier) {
        this(clusterSize, retransmitMultiplier, 0);
    }

    /**
     * @param clusterSize          the number of members the rumors must reach (read at every take)
     * @param retransmitMultiplier how many times per {@code ceil(log10(N + 1))} a rumor is sent
     * @param extraTransmits       sends added to every rumor's limit (eager push adds one fanout; see
     *                             {@code Gossiper})
     */
    public BroadcastQueue(IntSupplier clusterSize, int retransmitMultiplier, int extraTransmits) {
        this.clusterSize = Objects.requireNonNull(clusterSize, "clusterSize");
        if (retransmitMultiplier < 1) {
            throw new IllegalArgumentException("retransmitMultiplier must be at least 1: " + retransmitMultiplier);
        }
        if (extraTransmits < 0) {
            throw new IllegalArgumentException("extraTransmits must not be negative: " + extraTransmits);
        }
        this.retransmitMultiplier = retransmitMultiplier;
        this.extraTransmits = extraTransmits;
    }

    /**
     * Measures each rumor's wait from queueing to its first transmission on {@code clock} and reports
     * it to {@code firstSendDelay} (the core passes its input time and its timing output).
     */
    public void measureDelays(LongSupplier clockMillis, LongConsumer delayMillis) {
        this.clock = Objects.requireNonNull(clockMillis, "clockMillis");
        this.firstSendDelay = Objects.requireNonNull(delayMillis, "delayMillis");
    }

    /**
     * Queues {@code rumor} under {@code supersedeKey} (the core passes {@link SupersedeKey#of}),
     * replacing (and resetting the count of) any rumor queued under an equal key.
     */
    public void enqueue(SupersedeKey supersedeKey, Rumor rumor) {
        Objects.requireNonNull(supersedeKey, "supersedeKey");
        Objects.requireNonNull(rumor, "rumor");
        Item old = byKey.remove(supersedeKey);
        if (old != null) {
            queue.remove(old);
            forgetSize(old.size);
        }
        Item item = new Item(supersedeKey, rumor, RumorSizes.estimate(rumor), nextSeq++, clock.getAsLong());
        queue.add(item);
        byKey.put(supersedeKey, item);
        sizes.merge(item.size, 1, Integer::sum);
    }

    /** Drops the rumor queued under {@code supersedeKey}, if any (news that expired, such as a query past its timeout). */
    public boolean remove(SupersedeKey supersedeKey) {
        Item item = byKey.remove(supersedeKey);
        if (item == null) {
            return false;
        }
        queue.remove(item);
        forgetSize(item.size);
        return true;
    }

    /**
     * Rumors to piggyback on one message with {@code byteBudget} bytes to spare, in queue order, and
     * counts one transmit for each. Packs greedily: a rumor that does not fit in what is left is
     * skipped for a smaller one further on. Rumors larger than the whole budget are left for
     * {@link #takeOversized}. Cost: one pass over the queue at most, plus {@code O(log n)} per rumor taken.
     */
    public List<Rumor> take(int byteBudget) {
        if (queue.isEmpty() || byteBudget < RumorSizes.MIN_RUMOR_ESTIMATE) {
            return List.of();
        }
        int remaining = byteBudget;
        for (Item item : queue) {
            if (item.size <= remaining) {
                chosen.add(item);
                remaining -= item.size;
                if (remaining < RumorSizes.MIN_RUMOR_ESTIMATE) {
                    break;
                }
            }
        }
        return transmitChosen();
    }

    /**
     * Rumors whose estimate exceeds {@code byteBudget}, which {@link #take} never returns; the core
     * sends them over the reliable path. Counts one transmit for each, like {@link #take}.
     */
    public List<Rumor> takeOversized(int byteBudget) {
        // Called every gossip round; oversized rumors are rare, so answer without a scan when there are none.
        if (sizes.isEmpty() || sizes.lastKey() <= byteBudget) {
            return List.of();
        }
        for (Item item : queue) {
            if (item.size > byteBudget) {
                chosen.add(item);
            }
        }
        return transmitChosen();
    }

    private List<Rumor> transmitChosen() {
        if (chosen.isEmpty()) {
            return List.of();
        }
        int limit = transmitLimit();
        List<Rumor> out = new ArrayList<>(chosen.size());
        for (Item item : chosen) {
            out.add(item.rumor);
            queue.remove(item); // before changing the transmit count the tree is ordered by
            if (item.transmits == 0) {
                firstSendDelay.accept(clock.getAsLong() - item.queuedAt);
            }
            item.transmits++;
            if (item.transmits >= limit) {
                byKey.remove(item.key);
                forgetSize(item.size);
            } else {
                queue.add(item);
            }
        }
        chosen.clear();
        return out;
    }

    /**
     * {@code retransmitMultiplier * ceil(log10(N + 1))}, never less than for N = 100, plus the
     * constructor's {@code extraTransmits}.
     *
     * <p>With every node pushing a rumor L times to random peers, a node misses it with probability
     * about {@code e^-L}. memberlist's formula alone gives L = 4 below 10 members (2 with the local
     * profile): one node in 50 (in 7) missed a metadata write until the next push-pull, seconds later.
     * The floor of three digits costs a few packets per rumor in small clusters and nothing when idle.
     */
    public int transmitLimit() {
        return retransmitMultiplier * Math.max(MIN_DIGITS, decimalDigits(Math.max(1, clusterSize.getAsInt())))
                + extraTransmits;
    }

    /** The retransmit floor: as many digits as a cluster of 100. */
    static final int MIN_DIGITS = 3;

    /** {@code ceil(log10(n + 1))} for {@code n >= 1}, exactly, without floating point. */
    static int decimalDigits(int n) {
        int digits = 1;
        for (long bound = 10; n >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    private void forgetSize(int size) {
        sizes.computeIfPresent(size, (k, n) -> n == 1 ? null : n - 1);
    }

    /**
     * How many rumors were ever queued here: a counter that moves exactly when news arrives (every
     * enqueue is news, since only new or newer information is queued), which eager push watches.
     */
    public long enqueued() {
        return nextSeq;
    }

    /** Rumors queued. */
    public int size() {
        return queue.size();
    }

    private static final class Item {
        final SupersedeKey key;
        final Rumor rumor;
        final int size;
        final long seq;
        final long queuedAt;
        int transmits;

        Item(SupersedeKey key, Rumor rumor, int size, long seq, long queuedAt) {
            this.key = key;
            this.rumor = rumor;
            this.size = size;
            this.seq = seq;
            this.queuedAt = queuedAt;
        }
    }
}

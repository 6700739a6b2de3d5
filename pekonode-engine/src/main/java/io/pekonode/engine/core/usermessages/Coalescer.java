package io.pekonode.engine.core.usermessages;

import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.spi.wire.UserEventRumor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Collapses bursts of coalescable user events of one name (Serf's event coalescing): the first one
 * opens a window of {@code windowMillis}; events of that name arriving meanwhile replace the held one
 * when newer (higher Lamport time), and when the window closes only the newest is delivered, with
 * {@code coalesced} = how many it replaced. A burst of ten "config changed" events gives one delivery.
 *
 * <p>The window runs from the burst's first event, not its last, so a steady stream cannot hold an
 * event back for longer than one window. At most {@code maxNames} names are held; an event of yet
 * another name is delivered at once, uncoalesced, rather than held without bound.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class Coalescer {
    public static final int DEFAULT_MAX_NAMES = 1024;

    private final long windowMillis;
    private final int maxNames;
    /** Insertion-ordered, so names are released in the order their windows opened. */
    private final Map<String, Held> held = new LinkedHashMap<>();
    private long nextRelease = Long.MAX_VALUE;

    public Coalescer(long windowMillis, int maxNames) {
        if (windowMillis < 0 || maxNames < 0) {
            throw new IllegalArgumentException("windowMillis and maxNames must be >= 0");
        }
        this.windowMillis = windowMillis;
        this.maxNames = maxNames;
    }

    /**
     * Takes a coalescable event seen for the first time.
     *
     * @return true when it is held (delivered later by {@link #release}); false when the caller must deliver it now
     */
    public boolean offer(UserEventRumor event, long now) {
        Held h = held.get(event.name());
        if (h != null) {
            if (newer(event, h.newest)) {
                h.newest = event;
            }
            h.replaced++;
            return true;
        }
        if (held.size() >= maxNames || windowMillis == 0) {
            return false;
        }
        long releaseAt = saturatedAdd(now, windowMillis);
        held.put(event.name(), new Held(event, releaseAt));
        nextRelease = Math.min(nextRelease, releaseAt);
        return true;
    }

    /** Delivers, in window order, the newest event of every name whose window closed by {@code now}. */
    public void release(long now, Consumer<UserEventReceived> deliver) {
        if (now < nextRelease) {
            return;
        }
        List<Held> due = new ArrayList<>();
        long next = Long.MAX_VALUE;
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (h.releaseAt <= now) {
                due.add(h);
                it.remove();
            } else {
                next = Math.min(next, h.releaseAt);
            }
        }
        nextRelease = next;
        for (Held h : due) {
            UserEventRumor e = h.newest;
            deliver.accept(new UserEventReceived(e.name(), e.payload(), e.originId(), e.lamportTime(), h.replaced));
        }
    }

    /** When {@link #release} next has something to deliver; {@link Long#MAX_VALUE} when nothing is held. */
    public long nextDeadlineMillis() {
        return nextRelease;
    }

    /** Names currently held. */
    public int held() {
        return held.size();
    }

    /** Higher Lamport time wins; the origin id breaks ties so every node keeps the same one. */
    private static boolean newer(UserEventRumor a, UserEventRumor b) {
        return a.lamportTime() != b.lamportTime() ? a.lamportTime() > b.lamportTime()
                : a.originId().compareTo(b.originId()) > 0;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static final class Held {
        UserEventRumor newest;
        final long releaseAt;
        int replaced;

        Held(UserEventRumor first, long releaseAt) {
            this.newest = first;
            this.releaseAt = releaseAt;
        }
    }
}

package io.pekonode.engine.core.usermessages;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounded memory of the (origin id, Lamport time) identities already delivered, like Serf's buffer
 * of recent event times, so each user event or query is delivered once however many copies gossip
 * brings.
 *
 * <p>The bound: per origin, the {@code window} highest times seen are kept exactly; everything at or
 * below the highest time pushed out of the window (the origin's floor) counts as seen. At most
 * {@code maxOrigins} origins are kept; past that the origin heard from least recently is forgotten and
 * its highest time raises a floor shared by all origins not in the table. Memory is therefore at most
 * {@code maxOrigins * window} times.
 *
 * <p>Past the bound, an identity is answered {@link SeenResult#TOO_OLD}: a message that arrives after
 * {@code window} newer ones of its origin, or after its origin was forgotten, is dropped, never
 * delivered a second time. The price is that such a late message is lost even if it was never seen;
 * gossip delivers within seconds, so that takes an origin sending {@code window} messages while one
 * of its earlier ones is still in flight. The shared floor compares times of different origins, which
 * {@link LamportClock}s floored at the wall clock and witnessing each other keep roughly aligned.
 *
 * <p>Not thread-safe: the protocol core drives it from one thread.
 */
public final class RecentIds {
    /** Defaults: far more origins than members in any cluster, and a window wider than any plausible burst. */
    public static final int DEFAULT_WINDOW = 128;
    public static final int DEFAULT_MAX_ORIGINS = 16_384;

    private final int window;
    private final int maxOrigins;
    /** Access-ordered: the eldest entry is the origin heard from least recently. */
    private final LinkedHashMap<String, Window> origins = new LinkedHashMap<>(16, 0.75f, true);
    private long forgottenFloor = Long.MIN_VALUE;
    private long evictions;

    public RecentIds() {
        this(DEFAULT_WINDOW, DEFAULT_MAX_ORIGINS);
    }

    public RecentIds(int window, int maxOrigins) {
        if (window < 1 || maxOrigins < 1) {
            throw new IllegalArgumentException("window and maxOrigins must be >= 1: " + window + ", " + maxOrigins);
        }
        this.window = window;
        this.maxOrigins = maxOrigins;
    }

    /** Records the identity and says whether it is new. */
    public SeenResult record(String originId, long time) {
        Window w = origins.get(originId);
        if (w == null) {
            if (time <= forgottenFloor) {
                return SeenResult.TOO_OLD;
            }
            w = new Window(forgottenFloor);
            origins.put(originId, w);
            evictIfFull();
        }
        return w.record(time, window);
    }

    /** True when {@link #record} would not answer {@link SeenResult#NEW}; records nothing. */
    public boolean seen(String originId, long time) {
        Window w = origins.get(originId);
        return w == null ? time <= forgottenFloor : w.contains(time, window);
    }

    /** Origins currently remembered. */
    public int origins() {
        return origins.size();
    }

    /** Origins forgotten to stay within the bound. */
    public long evictions() {
        return evictions;
    }

    private void evictIfFull() {
        if (origins.size() <= maxOrigins) {
            return;
        }
        Iterator<Map.Entry<String, Window>> eldest = origins.entrySet().iterator();
        Window gone = eldest.next().getValue();
        eldest.remove();
        forgottenFloor = Math.max(forgottenFloor, gone.highest());
        evictions++;
    }

    /** One origin's recent times: a sorted array of at most {@code window} times above a floor. */
    private static final class Window {
        /** Most origins send a handful of events or queries: start small, double as needed. */
        private static final int INITIAL_CAPACITY = 4;

        private long floor;
        private long[] times = new long[INITIAL_CAPACITY];
        private int size;

        Window(long floor) {
            this.floor = floor;
        }

        SeenResult record(long time, int window) {
            if (time <= floor) {
                return SeenResult.TOO_OLD;
            }
            int at = Arrays.binarySearch(times, 0, size, time);
            if (at >= 0) {
                return SeenResult.DUPLICATE;
            }
            int insert = -at - 1;
            if (size == window) {
                if (insert == 0) {
                    // Below every kept time of a full window: it may have been delivered and pushed out.
                    return SeenResult.TOO_OLD;
                }
                // Full: the lowest time drops out and becomes the floor, so it still counts as seen.
                floor = times[0];
                System.arraycopy(times, 1, times, 0, insert - 1);
                times[insert - 1] = time;
                return SeenResult.NEW;
            }
            if (size == times.length) {
                times = Arrays.copyOf(times, Math.min(window, size * 2));
            }
            System.arraycopy(times, insert, times, insert + 1, size - insert);
            times[insert] = time;
            size++;
            return SeenResult.NEW;
        }

        boolean contains(long time, int window) {
            return time <= floor || (size == window && time < times[0])
                    || Arrays.binarySearch(times, 0, size, time) >= 0;
        }

        long highest() {
            return size == 0 ? floor : times[size - 1];
        }
    }
}

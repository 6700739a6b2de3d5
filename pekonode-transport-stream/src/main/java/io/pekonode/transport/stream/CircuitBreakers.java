package io.pekonode.transport.stream;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One circuit breaker per peer address, so a peer that keeps refusing or timing out is not hammered
 * with a connect for every frame. I/O thread only.
 *
 * <ul>
 *   <li><b>Closed</b> (no entry): connects are tried; {@value #FAILURES_TO_OPEN} failed connects in
 *       a row open the breaker.</li>
 *   <li><b>Open</b>: frames that would need a new connection fail at once, without a connect, for
 *       a cooling period of {@value #INITIAL_COOL_MILLIS} ms doubled on every re-opening, capped at
 *       {@value #MAX_COOL_MILLIS} ms, each +-20 % jitter so peers of a restarted node do not all
 *       retry together.</li>
 *   <li><b>Half-open</b>: after cooling, the next frame may open one trial connection (frames behind
 *       it queue on that connection). Success closes the breaker; failure re-opens it for longer.</li>
 * </ul>
 * At most {@value #MAX_TRACKED} failing peers are remembered (oldest forgotten first), so a stream
 * of bogus destinations cannot grow memory.
 */
final class CircuitBreakers {

    static final int FAILURES_TO_OPEN = 3;
    static final long INITIAL_COOL_MILLIS = 500;
    static final long MAX_COOL_MILLIS = 30_000;
    static final int MAX_TRACKED = 4_096;

    private static final class Breaker {
        int failures;
        int opened;
        long openUntilNanos;
        boolean open;
        boolean trialRunning;
    }

    private final SplittableRandom random = new SplittableRandom();
    private final Map<InetSocketAddress, Breaker> breakers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Breaker> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    /**
     * Null when a connect to {@code address} may be tried now (a half-open trial included), else why
     * not: the message for the failed send.
     */
    String refusal(InetSocketAddress address, long nowNanos) {
        Breaker b = breakers.get(address);
        if (b == null || !b.open) {
            return null;
        }
        if (nowNanos - b.openUntilNanos < 0) {
            return "circuit open after " + b.failures + " failed connects in a row; next attempt in "
                    + Math.max(1, (b.openUntilNanos - nowNanos) / 1_000_000) + " ms";
        }
        if (b.trialRunning) {
            return "circuit half-open, a trial connect is under way";
        }
        b.trialRunning = true;
        return null;
    }

    /** Records a failed connect; true when this failure opened (or re-opened) the breaker. */
    boolean connectFailed(InetSocketAddress address, long nowNanos) {
        Breaker b = breakers.computeIfAbsent(address, a -> new Breaker());
        b.failures++;
        b.trialRunning = false;
        if (b.open || b.failures >= FAILURES_TO_OPEN) {
            long base = Math.min(MAX_COOL_MILLIS, INITIAL_COOL_MILLIS << Math.min(20, b.opened));
            long jitter = base / 5;
            long cool = base - jitter + random.nextLong(2 * jitter + 1);
            b.open = true;
            b.opened++;
            b.openUntilNanos = nowNanos + cool * 1_000_000;
            return true;
        }
        return false;
    }

    void connected(InetSocketAddress address) {
        breakers.remove(address);
    }

    /** Peers with a breaker entry (failing or open): at most {@link #MAX_TRACKED} (testing). */
    int tracked() {
        return breakers.size();
    }

    /** True while frames to {@code address} needing a connect fail fast (testing and logs). */
    boolean isOpen(InetSocketAddress address) {
        Breaker b = breakers.get(address);
        return b != null && b.open;
    }
}

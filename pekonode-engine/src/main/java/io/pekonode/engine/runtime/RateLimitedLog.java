package io.pekonode.engine.runtime;

import java.util.function.Supplier;
import org.apache.logging.log4j.Logger;

/**
 * Logs a repeating failure at most once per interval, with how many were suppressed in between, so a
 * listener that throws on every event cannot flood the log (or slow the dispatch thread with I/O).
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    synchronized void warn(String message, Throwable failure) {
        warn(() -> message, failure);
    }

    /** As {@link #warn(String, Throwable)}, building the message only when it is logged (hot paths). */
    synchronized void warn(Supplier<String> lazyMessage, Throwable failure) {
        long now = System.nanoTime();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return;
        }
        String message = lazyMessage.get();
        if (suppressed > 0) {
            log.warn("{} ({} similar failures suppressed)", message, suppressed, failure);
        } else {
            log.warn(message, failure);
        }
        logged = true;
        lastNanos = now;
        suppressed = 0;
    }
}

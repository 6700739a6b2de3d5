package io.pekonode.engine.frame;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.logging.log4j.Logger;

/**
 * Logs frames rejected for security reasons (wrong key, label or tag, plaintext where encryption is
 * required, a replay or a sender clock outside the replay window) at WARN once per source host per interval, so an operator learns that a misconfigured or
 * hostile node is knocking without a flood filling the log. Other rejections (noise, corruption) stay
 * at DEBUG. The set of remembered hosts is bounded, so spoofed sources cannot grow memory; every
 * rejection is counted in the metrics either way.
 */
public final class RejectedFrameLog {

    /** Reasons that mean "someone with the wrong credentials", worth a warning. */
    static final Set<FrameException.Reason> SECURITY = EnumSet.of(FrameException.Reason.AUTH_FAILED,
            FrameException.Reason.UNKNOWN_KEY, FrameException.Reason.WRONG_LABEL,
            FrameException.Reason.UNENCRYPTED_REJECTED, FrameException.Reason.BAD_FLAGS,
            FrameException.Reason.OUTSIDE_WINDOW, FrameException.Reason.REPLAYED, FrameException.Reason.REPLAY_CACHE_FULL);

    private static final int MAX_SOURCES = 1024;

    private final Logger log;
    private final Cache<String, Boolean> recent;

    public RejectedFrameLog(Logger log, Duration interval) {
        this(log, interval, Ticker.systemTicker());
    }

    RejectedFrameLog(Logger log, Duration interval, Ticker ticker) {
        this.log = log;
        this.recent = CacheBuilder.newBuilder().maximumSize(MAX_SOURCES).expireAfterWrite(interval).ticker(ticker).build();
    }

    /** Logs {@code e} from {@code sourceHost} if it is a security rejection not yet logged for that host in this interval. */
    public void rejected(String sourceHost, FrameException e) {
        if (shouldWarn(sourceHost, e.reason())) {
            log.warn("Rejected a frame from {}: {} (counted in pekonode.packets.dropped; further ones from this host are not logged for a while)",
                    sourceHost, e.getMessage());
        } else {
            log.debug("Dropped a frame from {}: {}", sourceHost, e.getMessage());
        }
    }

    boolean shouldWarn(String sourceHost, FrameException.Reason reason) {
        return SECURITY.contains(reason) && recent.asMap().putIfAbsent(String.valueOf(sourceHost), Boolean.TRUE) == null;
    }
}

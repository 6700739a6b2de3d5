package io.pekonode.engine.metrics;

import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.engine.frame.FrameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stable values of the {@code reason} tag of {@code pekonode.packets.dropped}. Listed up front so
 * every reason shows as a zero-valued series before the first drop (alerts can rely on it).
 */
public final class DropReason {

    /** The event loop's inbound queue was full (the node is overloaded). */
    public static final String QUEUE_FULL = "queue_full";
    /** An outbound message was larger than the reliable frame limit. */
    public static final String OVERSIZE = "oversize";
    /** The codec threw something other than its documented exception (a codec bug). */
    public static final String CODEC_ERROR = "codec_error";
    /** The core threw while handling a message (a core bug); the loop survived it. */
    public static final String CORE_ERROR = "core_error";
    /** The node is closing or closed. */
    public static final String CLOSED = "closed";
    /** The source host sent more frames than its per-host rate allows; dropped before opening. */
    public static final String RATE_LIMITED = "rate_limited";
    /**
     * The TCP transport (and the UDP plugin's reliable path) failed an outbound frame at once because
     * the peer's circuit breaker is open; reported as {@code onRejected("circuit open", peer)}.
     */
    public static final String CIRCUIT_OPEN = "transport_circuit_open";
    /**
     * A peer's circuit breaker opened (connects kept failing); counts openings, not messages.
     * Reported as {@code onRejected("circuit opened", peer)}.
     */
    public static final String CIRCUIT_OPENED = "transport_circuit_opened";

    private DropReason() {
    }

    public static String of(DecodeException.Reason reason) {
        return "decode_" + reason.name().toLowerCase(Locale.ROOT);
    }

    public static String of(FrameException.Reason reason) {
        return reason.tag();
    }

    /**
     * Reasons reported by a transport through {@code TransportListener.onRejected}. Transports put
     * figures in their text ("frame too large: 4266578405 bytes declared, limit 8388608"), some
     * chosen by the peer: the tag keeps the words before any colon and drops the digits, so each
     * kind of rejection is one series and junk cannot fill the tag values with garbage.
     */
    public static String transport(String reason) {
        if (reason == null) {
            return "transport_unknown";
        }
        int colon = reason.indexOf(':');
        String words = (colon >= 0 ? reason.substring(0, colon) : reason).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]+", "_").replaceAll("^_+|_+$", "");
        return "transport_" + (words.isEmpty() ? "unknown" : words);
    }

    static List<String> known() {
        List<String> all = new ArrayList<>(List.of(QUEUE_FULL, OVERSIZE, CODEC_ERROR, CORE_ERROR, CLOSED, RATE_LIMITED,
                CIRCUIT_OPEN, CIRCUIT_OPENED));
        for (DecodeException.Reason r : DecodeException.Reason.values()) {
            all.add(of(r));
        }
        for (FrameException.Reason r : FrameException.Reason.values()) {
            all.add(of(r));
        }
        return all;
    }
}

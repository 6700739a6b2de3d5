package io.pekonode.engine.metrics;

import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
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
     * A stream transport (tcp, and the udp plugin's reliable path) failed an outbound frame at once
     * because the peer's circuit breaker is open; reported as {@link SendDropReason#CIRCUIT_OPEN}.
     */
    public static final String CIRCUIT_OPEN = "transport_circuit_open";
    /**
     * A peer's circuit breaker opened (connects kept failing); counts openings, not messages.
     * Reported through {@code TransportListener.onCircuitOpened}.
     */
    public static final String CIRCUIT_OPENED = "transport_circuit_opened";
    /** A transport reported a loss without saying why (a null reason): a plugin bug, still counted. */
    public static final String TRANSPORT_UNKNOWN = "transport_unknown";

    private DropReason() {
    }

    public static String of(DecodeException.Reason reason) {
        return "decode_" + reason.name().toLowerCase(Locale.ROOT);
    }

    public static String of(FrameException.Reason reason) {
        return reason.tag();
    }

    /**
     * The tag of input a transport refused. These values were the words of the transports' former
     * free-text reasons; they are kept so existing dashboards and alerts go on matching.
     */
    public static String of(RejectReason reason) {
        if (reason == null) {
            return TRANSPORT_UNKNOWN;
        }
        return switch (reason) {
            case FRAME_TOO_LARGE -> "transport_frame_too_large";
            case UNKNOWN_FRAME_TYPE -> "transport_unknown_frame_type";
            case TRUNCATED_FRAME -> "transport_connection_closed_in_the_middle_of_a_frame";
            case NO_FIRST_FRAME -> "transport_no_frame_within_ms_of_connecting";
            case FRAME_TIMEOUT -> "transport_frame_not_completed_within_ms";
            case CONNECTION_LIMIT -> "transport_connection_limit_of_reached";
            case CONNECTION_DISPLACED -> "transport_inbound_connection_displaced_at_the_connection_limit";
            case OVERSIZED_PACKET -> "transport_oversized_packet";
        };
    }

    /** The tag of an outgoing packet a transport dropped, or reliable message it failed. */
    public static String of(SendDropReason reason) {
        if (reason == null) {
            return TRANSPORT_UNKNOWN;
        }
        return switch (reason) {
            case QUEUE_FULL -> "transport_send_queue_full";
            case OVERSIZED -> "transport_send_oversized";
            case UNRESOLVED_HOST -> "transport_send_unresolved_host";
            case CONNECT_FAILED -> "transport_send_connect_failed";
            case CONNECTION_REFUSED -> "transport_send_connection_refused";
            case CIRCUIT_OPEN -> CIRCUIT_OPEN;
            case CONNECTION_LIMIT -> "transport_send_connection_limit";
            case CONNECTION_LOST -> "transport_send_connection_lost";
            case SEND_BUFFER_FULL -> "transport_send_buffer_full";
            case SEND_ERROR -> "transport_send_error";
            case CLOSED -> "transport_send_closed";
        };
    }

    static List<String> known() {
        List<String> all = new ArrayList<>(List.of(QUEUE_FULL, OVERSIZE, CODEC_ERROR, CORE_ERROR, CLOSED, RATE_LIMITED,
                CIRCUIT_OPENED, TRANSPORT_UNKNOWN));
        for (DecodeException.Reason r : DecodeException.Reason.values()) {
            all.add(of(r));
        }
        for (FrameException.Reason r : FrameException.Reason.values()) {
            all.add(of(r));
        }
        for (RejectReason r : RejectReason.values()) {
            all.add(of(r));
        }
        for (SendDropReason r : SendDropReason.values()) {
            all.add(of(r)); // CIRCUIT_OPEN among them
        }
        return all;
    }
}

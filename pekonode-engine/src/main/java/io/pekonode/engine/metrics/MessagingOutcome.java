package io.pekonode.engine.metrics;

import java.util.List;

/**
 * Stable values of the {@code outcome} tag of {@code pekonode.messaging}: what became of direct
 * messages, requests, handler runs and query replies. Listed up front so each shows as zero before
 * it first happens.
 */
public final class MessagingOutcome {

    public static final String SENT = "sent";
    public static final String SEND_FAILED = "send_failed";
    public static final String UNKNOWN_MEMBER = "unknown_member";
    public static final String MEMBER_UNAVAILABLE = "member_unavailable";
    public static final String REQUEST_OK = "request_ok";
    public static final String REQUEST_TIMEOUT = "request_timeout";
    public static final String REQUEST_NO_HANDLER = "request_no_handler";
    public static final String REQUEST_HANDLER_FAILED = "request_handler_failed";
    public static final String REQUEST_DELIVERY_FAILED = "request_delivery_failed";
    public static final String REQUEST_CLOSED = "request_closed";
    /** A message for a topic nobody here handles (answered NO_HANDLER when a reply was wanted). */
    public static final String NO_HANDLER = "no_handler";
    public static final String HANDLED = "handled";
    public static final String HANDLER_FAILED = "handler_failed";
    /** The handler queue was full: requests are answered "overloaded", sends and queries dropped. */
    public static final String HANDLER_REJECTED = "handler_rejected";
    public static final String REPLY_SEND_FAILED = "reply_send_failed";
    /** A reply or query answer for nothing pending (late, duplicate or from the wrong member). */
    public static final String REPLY_UNMATCHED = "reply_unmatched";
    public static final String QUERY_STARTED = "query_started";
    public static final String QUERY_ANSWERED = "query_answered";
    public static final String QUERY_ACK = "query_ack";
    public static final String QUERY_RESPONSE = "query_response";
    public static final String CALLBACK_FAILED = "callback_failed";

    private MessagingOutcome() {
    }

    static List<String> known() {
        return List.of(SENT, SEND_FAILED, UNKNOWN_MEMBER, MEMBER_UNAVAILABLE, REQUEST_OK, REQUEST_TIMEOUT,
                REQUEST_NO_HANDLER, REQUEST_HANDLER_FAILED, REQUEST_DELIVERY_FAILED, REQUEST_CLOSED, NO_HANDLER, HANDLED,
                HANDLER_FAILED, HANDLER_REJECTED, REPLY_SEND_FAILED, REPLY_UNMATCHED, QUERY_STARTED, QUERY_ANSWERED,
                QUERY_ACK, QUERY_RESPONSE, CALLBACK_FAILED);
    }
}

package io.pekonode.codec.json;

import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeException.Reason;

/** Builds the decoder's {@link DecodeException}s, so reasons are chosen the same way everywhere. */
final class Problems {

    /** Peer-supplied text is cut to this many characters in messages, which end up in logs. */
    private static final int QUOTE_LIMIT = 40;

    private Problems() {
    }

    /** Bad syntax or wrong structure: a wrong JSON type, an unknown or misplaced field, trailing data. */
    static DecodeException malformed(String message) {
        return new DecodeException(Reason.MALFORMED, message);
    }

    static DecodeException truncated(String message) {
        return new DecodeException(Reason.TRUNCATED, message);
    }

    static DecodeException oversized(String message) {
        return new DecodeException(Reason.OVERSIZED, message);
    }

    static DecodeException unknownType(String message) {
        return new DecodeException(Reason.UNKNOWN_TYPE, message);
    }

    /** Well-formed JSON, but a value is missing or out of range. */
    static DecodeException invalid(String message) {
        return new DecodeException(Reason.INVALID_FIELD, message);
    }

    /** A record constructor refused the decoded values. */
    static DecodeException invalid(String what, RuntimeException cause) {
        return new DecodeException(Reason.INVALID_FIELD, what + ": " + cause.getMessage(), cause);
    }

    static DecodeException missing(String what, String field) {
        return invalid(what + " lacks the required field \"" + field + "\"");
    }

    static DecodeException unknownField(String what, String field) {
        return malformed(what + " has an unknown field " + quote(field));
    }

    /** Quotes peer-supplied text for a message, cut short so a hostile peer cannot flood logs. */
    static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? "'" + text + "'" : "'" + text.substring(0, QUOTE_LIMIT) + "...'";
    }
}

package io.pekonode.api.spi.codec;

import java.util.Objects;

/** Input that is not a valid message. The engine drops it and counts it by {@link #reason()}. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why input was rejected; stable names used as metric tags. */
    public enum Reason {
        /** Not parseable at all (bad syntax, wrong structure). */
        MALFORMED,
        /** Ends before the message does. */
        TRUNCATED,
        /** Over a {@link DecodeLimits} bound. */
        OVERSIZED,
        /** Well-formed, but a type or version this node does not know. */
        UNKNOWN_TYPE,
        /** Parsed, but a field is missing or out of range. */
        INVALID_FIELD
    }

    private final Reason reason;

    public DecodeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public DecodeException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

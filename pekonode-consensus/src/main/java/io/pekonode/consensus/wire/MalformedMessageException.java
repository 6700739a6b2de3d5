package io.pekonode.consensus.wire;

/** Input that is not a valid encoding: truncated, oversized, of an unknown type or version, or with trailing bytes. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}

package io.pekonode.api.messaging;

/** The target id is not a member this node knows (never joined, or its tombstone has expired). */
public final class UnknownMemberException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public UnknownMemberException(String message) {
        super(message);
    }

    public UnknownMemberException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.pekonode.api.messaging;

/** The target is known but dead or left, so nothing was sent; or it was declared dead while the request was pending. */
public final class MemberUnavailableException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public MemberUnavailableException(String message) {
        super(message);
    }

    public MemberUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

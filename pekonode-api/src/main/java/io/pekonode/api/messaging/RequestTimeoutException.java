package io.pekonode.api.messaging;

/** No reply arrived before the request's timeout. The target may still have handled it. */
public final class RequestTimeoutException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message) {
        super(message);
    }

    public RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

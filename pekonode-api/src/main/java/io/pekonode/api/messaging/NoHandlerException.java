package io.pekonode.api.messaging;

/** The target is alive but has no handler registered for the topic. */
public final class NoHandlerException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public NoHandlerException(String message) {
        super(message);
    }

    public NoHandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}

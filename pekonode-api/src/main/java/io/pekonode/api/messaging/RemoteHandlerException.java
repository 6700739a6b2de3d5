package io.pekonode.api.messaging;

/** The target's handler threw; the message carries the text of its exception. */
public final class RemoteHandlerException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public RemoteHandlerException(String message) {
        super(message);
    }

    public RemoteHandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.pekonode.api.messaging;

/** The transport could not hand the message over (connection refused or reset, queue full, node closing). */
public final class DeliveryFailedException extends MessagingException {
    private static final long serialVersionUID = 1L;

    public DeliveryFailedException(String message) {
        super(message);
    }

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

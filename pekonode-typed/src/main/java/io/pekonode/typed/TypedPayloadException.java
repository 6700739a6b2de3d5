package io.pekonode.typed;

/**
 * A payload could not be turned into JSON, or JSON into the requested Java type. The message names
 * what was being converted (topic, sender, type) and carries Jackson's own explanation; the
 * Jackson exception is the cause.
 *
 * <p>Where it shows up: thrown at once by {@link TypedMessaging#send}, {@link TypedMessaging#request},
 * {@link TypedMessaging#broadcast} and {@link TypedMessaging#query} when the outgoing object cannot be
 * written; thrown by {@link TypedMessaging#decode} and {@link TypedMessaging#decodeEvent}; and as the
 * cause of a failed {@link TypedMessaging#request} future when the reply is not a valid reply type.
 * A request whose payload the remote handler cannot read fails with
 * {@link io.pekonode.api.messaging.RemoteHandlerException} carrying this exception's message.
 */
public final class TypedPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TypedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.pekonode.api.messaging;

/**
 * Why a direct message, request or query did not get its answer. Each cause has its own subclass;
 * the message names the member and topic involved.
 */
public abstract sealed class MessagingException extends RuntimeException
        permits RequestTimeoutException, UnknownMemberException, MemberUnavailableException, NoHandlerException,
        RemoteHandlerException, DeliveryFailedException {
    private static final long serialVersionUID = 1L;

    protected MessagingException(String message) {
        super(message);
    }

    protected MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}

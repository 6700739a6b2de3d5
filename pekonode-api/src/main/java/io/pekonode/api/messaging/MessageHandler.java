package io.pekonode.api.messaging;

/**
 * Answers messages, requests and queries sent to one topic (for queries, the topic is the query's
 * name). Runs on the node's handler executor, never on the protocol thread, so it may block briefly.
 *
 * <p>The returned bytes are the reply to a request or the response to a query; for a one-way
 * {@code send} they are ignored. Returning {@code null} answers with an empty payload. A handler that
 * throws makes the caller's future fail with {@link RemoteHandlerException} carrying the message of
 * the exception (the stack trace stays in the handling node's log); the node goes on.
 */
@FunctionalInterface
public interface MessageHandler {
    byte[] handle(IncomingMessage message) throws Exception;
}

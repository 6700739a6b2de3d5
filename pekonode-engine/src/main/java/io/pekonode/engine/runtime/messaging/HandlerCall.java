package io.pekonode.engine.runtime.messaging;

import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MessageHandler;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs one handler and turns what it did into an outcome that can travel back to the asker. */
final class HandlerCall {

    private static final Logger LOG = LogManager.getLogger(HandlerCall.class);
    private static final byte[] EMPTY = new byte[0];

    /** {@code error} is null on success; otherwise the text the asker sees. */
    record Outcome(byte[] reply, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private HandlerCall() {
    }

    static Outcome run(MessageHandler handler, IncomingMessage message) {
        try {
            byte[] reply = handler.handle(message);
            return new Outcome(reply == null ? EMPTY : reply, null);
        } catch (Exception | LinkageError | AssertionError e) {
            // The stack trace stays here; the asker gets the text (API contract of MessageHandler).
            LOG.info("Handler of '{}' failed on {}", message.topic(), message, e);
            String text = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            return new Outcome(EMPTY, text);
        }
    }
}

package io.pekonode.api.messaging;

import java.util.Objects;

/**
 * A message delivered to a {@link MessageHandler}.
 *
 * @param kind     how it was sent, which says whether the returned bytes go anywhere
 * @param topic    the topic it was sent to (a query's name for queries)
 * @param senderId the node id of the sender
 * @param payload  the bytes as sent (a copy per call of {@link #payload()})
 */
public record IncomingMessage(Kind kind, String topic, String senderId, byte[] payload) {

    /** The three ways a message reaches a handler. */
    public enum Kind {
        /** One-way {@code send}: the handler's return value is dropped. */
        SEND,
        /** {@code request}: the return value is the reply. */
        REQUEST,
        /** A cluster {@code query}: the return value is this node's response. */
        QUERY
    }

    public IncomingMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(senderId, "senderId");
        payload = payload == null ? new byte[0] : payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return "IncomingMessage[" + kind + " " + topic + " from " + senderId + ", " + payload.length + " bytes]";
    }
}

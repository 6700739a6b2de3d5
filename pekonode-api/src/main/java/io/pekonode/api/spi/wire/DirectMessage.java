package io.pekonode.api.spi.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message for one member's handler of {@code topic}: a one-way send, or a request that the target
 * answers with a {@link DirectReply} carrying the same {@code requestId}. Payloads are bounded only by
 * the frame size, so large ones travel over the reliable path.
 */
public record DirectMessage(Origin origin, long requestId, String topic, byte[] payload, boolean replyWanted)
        implements WireMessage {
    public DirectMessage {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectMessage m && origin.equals(m.origin) && requestId == m.requestId
                && topic.equals(m.topic) && replyWanted == m.replyWanted && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, requestId, topic, replyWanted) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DirectMessage[" + topic + " #" + requestId + " from " + origin.nodeId() + ", " + payload.length
                + " bytes" + (replyWanted ? ", reply wanted" : "") + "]";
    }
}

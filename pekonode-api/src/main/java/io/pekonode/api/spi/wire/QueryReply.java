package io.pekonode.api.spi.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A member's answer to a {@link QueryRumor}, sent straight to the asker: an ack ({@code ack} true,
 * empty payload) or the handler's response.
 *
 * @param queryId the query's Lamport time at its origin
 */
public record QueryReply(Origin origin, long queryId, boolean ack, byte[] payload) implements WireMessage {
    public QueryReply {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryReply r && origin.equals(r.origin) && queryId == r.queryId && ack == r.ack
                && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, queryId, ack) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "QueryReply[#" + queryId + (ack ? " ack" : " response") + " from " + origin.nodeId() + ", "
                + payload.length + " bytes]";
    }
}

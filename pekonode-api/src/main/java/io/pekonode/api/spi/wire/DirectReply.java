package io.pekonode.api.spi.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * The answer to a {@link DirectMessage} that wanted one.
 *
 * @param status  what happened at the target
 * @param payload the handler's reply ({@link Status#OK}), else empty
 * @param error   for {@link Status#HANDLER_FAILED}, the text of the handler's exception; else empty
 */
public record DirectReply(Origin origin, long requestId, Status status, byte[] payload, String error)
        implements WireMessage {

    /** Outcome of a request at its target. */
    public enum Status {
        OK,
        NO_HANDLER,
        HANDLER_FAILED
    }

    public DirectReply {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(error, "error");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectReply r && origin.equals(r.origin) && requestId == r.requestId
                && status == r.status && error.equals(r.error) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, requestId, status, error) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DirectReply[#" + requestId + " " + status + " from " + origin.nodeId() + ", " + payload.length
                + " bytes]";
    }
}

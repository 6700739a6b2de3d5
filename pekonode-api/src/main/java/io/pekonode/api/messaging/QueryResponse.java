package io.pekonode.api.messaging;

import java.util.Objects;

/** One member's answer to a query. */
public record QueryResponse(String memberId, byte[] payload) {
    public QueryResponse {
        Objects.requireNonNull(memberId, "memberId");
        payload = payload == null ? new byte[0] : payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryResponse r && memberId.equals(r.memberId) && java.util.Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return memberId.hashCode() * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "QueryResponse[" + memberId + ", " + payload.length + " bytes]";
    }
}

package io.pekonode.api.spi.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user event spreading by gossip. (originId, lamportTime) identifies it: receivers deliver each
 * identity once. The payload is bounded by the sender's {@code maxEventPayloadBytes} and, at the
 * receiver, by the decoder's value limit.
 *
 * @param coalesce the sender allows receivers to collapse a burst of same-named events into the newest
 */
public record UserEventRumor(String originId, long lamportTime, String name, byte[] payload, boolean coalesce)
        implements Rumor {
    public UserEventRumor {
        Objects.requireNonNull(originId, "originId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserEventRumor r && originId.equals(r.originId) && lamportTime == r.lamportTime
                && name.equals(r.name) && coalesce == r.coalesce && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(originId, lamportTime, name, coalesce) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UserEventRumor[" + name + " from " + originId + " @" + lamportTime + ", " + payload.length + " bytes]";
    }
}

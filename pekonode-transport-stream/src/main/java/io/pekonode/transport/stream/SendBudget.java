package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes queued per destination, reserved by callers and released by the I/O thread once a frame is
 * written or failed. Keyed by the address the caller used, so a send can be refused in the caller's
 * thread before the name is resolved. Entries disappear at zero, so it does not grow with churn.
 */
final class SendBudget {

    private final ConcurrentHashMap<NodeAddress, Long> queued = new ConcurrentHashMap<>();
    private final long limit;

    SendBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code bytes} for {@code to}; false when that would pass the limit. */
    boolean tryReserve(NodeAddress to, int bytes) {
        boolean[] reserved = {false};
        queued.compute(to, (k, current) -> {
            long now = current == null ? 0 : current;
            if (now + bytes > limit) {
                return current;
            }
            reserved[0] = true;
            return now + bytes;
        });
        return reserved[0];
    }

    void release(NodeAddress to, int bytes) {
        queued.computeIfPresent(to, (k, current) -> current - bytes <= 0 ? null : current - bytes);
    }

    long queued(NodeAddress to) {
        return queued.getOrDefault(to, 0L);
    }

    long limit() {
        return limit;
    }
}

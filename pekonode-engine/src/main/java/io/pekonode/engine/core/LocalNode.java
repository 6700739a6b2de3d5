package io.pekonode.engine.core;

import io.pekonode.api.NodeAddress;
import java.util.Map;
import java.util.Objects;

/**
 * Who the local node is, decided by the runtime before the core starts.
 *
 * @param incarnation the incarnation to start from (0 for a fresh node; a restarted node with
 *                    persisted state starts above its previous one)
 */
public record LocalNode(String id, String name, NodeAddress advertise, Map<String, String> tags, long incarnation) {
    public LocalNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(advertise, "advertise");
        tags = Map.copyOf(tags);
    }
}

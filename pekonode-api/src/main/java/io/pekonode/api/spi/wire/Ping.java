package io.pekonode.api.spi.wire;

import java.util.List;

/**
 * A SWIM probe. {@code targetId} lets a node that restarted on the same address with a new id
 * ignore probes meant for its previous self instead of vouching for it.
 */
public record Ping(Origin origin, long seq, String targetId, List<Rumor> rumors) implements WireMessage {
    public Ping {
        rumors = List.copyOf(rumors);
    }
}

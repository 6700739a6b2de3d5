package io.pekonode.api.spi.wire;

import java.util.List;

/** A packet that carries only rumors, sent to a few random members every gossip interval. */
public record Gossip(Origin origin, List<Rumor> rumors) implements WireMessage {
    public Gossip {
        rumors = List.copyOf(rumors);
    }
}

package io.pekonode.api.spi.wire;

import java.util.List;

/** Answer to a {@link Ping} (or relayed answer to an {@link IndirectPing}) with the probe's sequence number. */
public record Ack(Origin origin, long seq, List<Rumor> rumors) implements WireMessage {
    public Ack {
        rumors = List.copyOf(rumors);
    }
}

package io.pekonode.api.spi.wire;

/** Lifeguard's negative ack: the relay is alive but the indirect probe's target did not answer. */
public record Nack(Origin origin, long seq) implements WireMessage {
}

package io.pekonode.api.spi.wire;

/** A piece of news spread by gossip: piggybacked on probes or sent in {@link Gossip} packets. */
public sealed interface Rumor permits MemberRumor, MetadataRumor, UserEventRumor, QueryRumor {
}

package io.pekonode.api.spi.wire;

/** One protocol message. Every message names its sender so replies never depend on socket addresses. */
public sealed interface WireMessage
        permits Ping, IndirectPing, Ack, Nack, Gossip, SyncRequest, SyncResponse, MetadataPush, DirectMessage,
        DirectReply, QueryReply {

    Origin origin();
}

package io.pekonode.testkit.sim;

import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.WireMessage;

/** The protocol's message kinds, as counted by {@link TrafficStats}. */
public enum MessageType {
    PING, INDIRECT_PING, ACK, NACK, GOSSIP, SYNC_REQUEST, SYNC_RESPONSE, METADATA_PUSH,
    /** Messaging between two nodes; sent by the runtime, never by the core, so the simulator sees them only if a test sends them. */
    DIRECT_MESSAGE, DIRECT_REPLY, QUERY_REPLY;

    private static final MessageType[] VALUES = values();

    /** The kind of {@code message}. */
    public static MessageType of(WireMessage message) {
        // An instanceof chain: no allocation per message (this runs for every simulated send). A type added to
        // the sealed hierarchy without a line here fails loudly instead of being miscounted.
        if (message instanceof Ping) {
            return PING;
        } else if (message instanceof Ack) {
            return ACK;
        } else if (message instanceof Gossip) {
            return GOSSIP;
        } else if (message instanceof IndirectPing) {
            return INDIRECT_PING;
        } else if (message instanceof Nack) {
            return NACK;
        } else if (message instanceof SyncRequest) {
            return SYNC_REQUEST;
        } else if (message instanceof SyncResponse) {
            return SYNC_RESPONSE;
        } else if (message instanceof MetadataPush) {
            return METADATA_PUSH;
        } else if (message instanceof DirectMessage) {
            return DIRECT_MESSAGE;
        } else if (message instanceof DirectReply) {
            return DIRECT_REPLY;
        } else if (message instanceof QueryReply) {
            return QUERY_REPLY;
        }
        throw new IllegalArgumentException("unknown message type " + message.getClass().getName());
    }

    static MessageType byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }

    /** True for the types that carry gossip and probes over unreliable packets in the engine. */
    public boolean isPacket() {
        return this == PING || this == INDIRECT_PING || this == ACK || this == NACK || this == GOSSIP;
    }
}

package io.pekonode.consensus.raft;

/** How a group member sends Raft messages: fire and forget, as Raft tolerates loss. */
public interface Outbox {

    void sendRaft(String memberId, byte[] message);

    /** A hint for MicroRaft: false when the member is known to be down or gone. */
    boolean reachable(String memberId);
}

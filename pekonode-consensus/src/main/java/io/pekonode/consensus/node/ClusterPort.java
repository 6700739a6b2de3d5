package io.pekonode.consensus.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the consensus service needs from the cluster: who the voters are and a way to reach them. In a
 * node this is the {@link io.pekonode.api.Cluster} (gossip for the voters, its messaging for the bytes);
 * in the simulator it is a virtual-time network, so the same service runs under both.
 */
public interface ClusterPort {

    /**
     * A voter as gossip shows it.
     *
     * @param groupStart the initial members of the group it is in, empty while it is in none
     */
    record Voter(String id, boolean alive, boolean left, List<String> groupStart) {
        public Voter {
            groupStart = List.copyOf(groupStart);
        }

        public boolean inGroup() {
            return !groupStart.isEmpty();
        }
    }

    String localId();

    /** Every member that published the voter tag, this node included when it is a voter, sorted by id. */
    List<Voter> voters();

    /**
     * Publishes that this node is a member of the Raft group that started with {@code groupStart} (empty:
     * no longer a member), so that voters seen later join that group instead of forming another.
     */
    void announceMembership(List<String> groupStart);

    /** A hint for Raft: false when the member is known to be down or gone. */
    boolean reachable(String memberId);

    /** Sends a Raft message, fire and forget (Raft tolerates loss and reordering). */
    void sendRaft(String memberId, byte[] message);

    /**
     * Sends a call and completes with the target's immediate answer; completes exceptionally with
     * {@link io.pekonode.consensus.routing.CallTransport.NotSentException} when it surely did not
     * arrive, with any other exception when it may have.
     */
    CompletableFuture<byte[]> call(String memberId, byte[] call, Duration timeout);

    /** Sends the later result of a call back to the node that made it, fire and forget. */
    void sendResult(String memberId, byte[] result);
}

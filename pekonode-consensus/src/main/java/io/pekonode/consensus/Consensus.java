package io.pekonode.consensus;

import io.pekonode.api.Cluster;
import io.pekonode.api.event.Subscription;
import java.time.Duration;
import java.util.Optional;

/**
 * The strongly consistent layer of one node: leader election, locks and a linearizable map, kept by a
 * Raft group of the cluster's voters. Gossip stays what it is (eventually consistent membership and
 * metadata); use this where two nodes must never disagree: one leader, one lock holder, a value that is
 * never read stale.
 *
 * <pre>{@code
 * Consensus consensus = Consensus.start(node, ConsensusConfig.builder().voter(true).expectedVoters(3)
 *         .dataDirectory(dataDir.resolve("consensus")).build());
 * long v = consensus.map().put("config", bytes);
 * consensus.map().compareAndSet("config", v, newBytes);
 * try (Lease lease = consensus.lock("migrations")) {
 *     storage.write(data, lease.fencingToken());
 * }
 * }</pre>
 *
 * <p>Every node may use the map and locks; only voters ({@link ConsensusConfig#voter()}) keep the Raft
 * log, and the others send their calls to the leader. The group forms once
 * {@link ConsensusConfig#expectedVoters()} voters have seen each other.
 */
public interface Consensus extends AutoCloseable {

    /**
     * Starts the consensus module of {@code cluster}, which must be started (it need not have joined).
     * Registers this module's message topics on the cluster, and for a voter publishes the voter tag
     * and restores the Raft state from {@link ConsensusConfig#dataDirectory()}.
     *
     * @throws DamagedLogException when the persisted Raft state fails its checks (the node does not
     *                             join the group with it)
     */
    static Consensus start(Cluster cluster, ConsensusConfig config) {
        return io.pekonode.consensus.node.ConsensusNode.start(cluster, config);
    }

    /** The leader's member id, as this node last learned it. */
    Optional<String> leader();

    /** True while this node is the Raft leader (as far as it knows: a cut-off leader learns late). */
    boolean isLeader();

    /** Registers a listener for this node gaining or losing leadership. */
    Subscription onLeadershipChange(LeadershipListener listener);

    /** The linearizable map. */
    ConsensusMap map();

    /**
     * Acquires lock {@code name}, waiting up to the request timeout while someone else holds it. After an
     * election the new leader grants no lock for {@link ConsensusConfig#lockTtl()}, the time every lease
     * of the previous leader needs to run out.
     *
     * @throws ConsensusTimeoutException when it is still held by another at the deadline
     * @throws ConsensusLimitException for an empty or too long name
     */
    default Lease lock(String name) {
        return lock(name, config().requestTimeout());
    }

    /** As {@link #lock(String)}, waiting up to {@code wait}. */
    Lease lock(String name, Duration wait);

    /** As {@link #lock(String, Duration)}, without blocking: completes with the lease or the same exceptions. */
    java.util.concurrent.CompletableFuture<Lease> lockAsync(String name, Duration wait);

    /** One attempt: the lease, or empty when someone else holds the lock. */
    Optional<Lease> tryLock(String name);

    /** This node's view of the group. */
    ConsensusStatus status();

    ConsensusConfig config();

    /** Stops this node's Raft member (it stays in the group until removed) and unregisters the topics. */
    @Override
    void close();
}

package io.pekonode.api;

import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One node of a PekoNode cluster: its view of the members and of the replicated metadata map.
 *
 * <p>All methods are thread-safe. Reads return immutable snapshots and never block on the network.
 * Writes are applied locally at once and spread to the other nodes by gossip and anti-entropy.
 * Create instances with the engine ({@code io.pekonode.engine.PekoNode}).
 */
public interface Cluster extends AutoCloseable {

    /** The metadata key used by the single-value {@link #publish(byte[])} / {@link #read()} pair. */
    String DEFAULT_KEY = "";

    /** Binds the transport and starts the protocol. Calling it on a started node does nothing. */
    Cluster start();

    /**
     * Contacts the given seeds (and the configured ones) and completes with the number of seeds that
     * answered. Retries with backoff while none answers; the future completes exceptionally only when
     * the node is closed first.
     */
    CompletableFuture<Integer> join(List<NodeAddress> seeds);

    /** This node as the cluster sees it. */
    Member localMember();

    /** Every member known locally, this node included, in every state (dead and left as tombstones). */
    List<Member> members();

    /** Members that are alive or suspect, this node included. */
    List<Member> liveMembers();

    Optional<Member> member(String id);

    /** Replaces this node's tags and gossips them (raising its incarnation). */
    void updateTags(Map<String, String> tags);

    /**
     * Writes {@code value} under {@code key} in the cluster-wide map.
     *
     * @throws PayloadTooLargeException if the key or value exceeds the configured limits
     */
    HlcTimestamp publish(String key, byte[] value);

    /** Go PekoNode's {@code Publish}: writes the default key. */
    default HlcTimestamp publish(byte[] value) {
        return publish(DEFAULT_KEY, value);
    }

    /** Deletes {@code key} cluster-wide (a tombstone that wins over older writes). */
    HlcTimestamp remove(String key);

    Optional<byte[]> read(String key);

    /** Go PekoNode's {@code Read}: the default key's value, or an empty array when unset. */
    default byte[] read() {
        return read(DEFAULT_KEY).orElse(new byte[0]);
    }

    /** A copy of every live key and value. */
    Map<String, byte[]> snapshot();

    /** Registers a listener called on the given executor (never on the protocol thread). */
    Subscription subscribe(ClusterListener listener, Executor executor);

    /** Registers a listener called on the node's own event-dispatch thread. */
    Subscription subscribe(ClusterListener listener);

    /**
     * Go PekoNode's {@code Stop}: stops taking part in the protocol (no probes sent or answered),
     * so other nodes eventually declare this one dead. Sockets stay open.
     */
    void stop();

    /** Go PekoNode's {@code Start}: resumes after {@link #stop()}; the node refutes its death. */
    void resume();

    /** True between {@link #start()} and {@link #close()} unless {@link #stop()} paused it. */
    boolean isRunning();

    /**
     * Announces a graceful departure and waits up to {@code timeout} for it to be gossiped. Other
     * nodes report this member as left, never as failed. The node stays open until {@link #close()}.
     */
    CompletableFuture<Void> leave(Duration timeout);

    /** Leaves (briefly), then releases every socket and thread. Safe to call twice. */
    @Override
    void close();
}

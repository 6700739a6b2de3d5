package io.pekonode.api;

import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResult;
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
 *
 * <p>When the local node itself cannot carry out a call, the call throws (or its future completes
 * with) a {@link NodeLifecycleException}: {@link NodeClosedException} once the node is closed,
 * {@link NodeOverloadedException} when too many calls already wait for its event loop, and
 * {@link NodeTimeoutException} when a blocking call ({@link #publish}, {@link #remove},
 * {@link #updateTags}, {@link #broadcast}, {@link #stop}, {@link #resume}) waited longer than the
 * configured command timeout.
 */
public interface Cluster extends AutoCloseable {

    /** The metadata key used by the single-value {@link #publish(byte[])} / {@link #read()} pair. */
    String DEFAULT_KEY = "";

    /** Binds the transport and starts the protocol. Calling it on a started node does nothing. */
    Cluster start();

    /**
     * Contacts the given seeds (and the configured ones) and completes with the number of seeds that
     * answered. Retries with backoff while none answers; the future completes exceptionally only when
     * the node is closed first (with {@link NodeClosedException}).
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
     * Broadcasts a user event to every live node by gossip. Each node (this one too) delivers it
     * once to its listeners as {@link io.pekonode.api.event.ClusterEvent.UserEventReceived}.
     * Fire and forget: a node that is down while the event spreads does not get it later.
     *
     * @param coalesce let receivers collapse a burst of events with this name into the newest one
     * @return the event's Lamport time at this node
     * @throws PayloadTooLargeException if name and payload exceed {@code maxEventPayloadBytes}
     */
    long broadcast(String name, byte[] payload, boolean coalesce);

    /** {@link #broadcast(String, byte[], boolean)} without coalescing. */
    default long broadcast(String name, byte[] payload) {
        return broadcast(name, payload, false);
    }

    /**
     * Sends a one-way message to the handler of {@code topic} on member {@code memberId}, best effort.
     * The future completes once the message is handed to the transport, or exceptionally with
     * {@link io.pekonode.api.messaging.UnknownMemberException},
     * {@link io.pekonode.api.messaging.MemberUnavailableException} or
     * {@link io.pekonode.api.messaging.DeliveryFailedException}; it says nothing of the handler.
     *
     * @throws PayloadTooLargeException if the payload exceeds {@code maxMessageBytes}
     */
    default CompletableFuture<Void> send(String memberId, String topic, byte[] payload) {
        return send(memberId, topic, payload, Delivery.BEST_EFFORT);
    }

    /**
     * Sends a one-way message to the handler of {@code topic} on member {@code memberId} over the chosen
     * path. {@link Delivery#STREAM} keeps the order of messages to one member and costs no reply frame,
     * which suits a protocol that answers with messages of its own (Raft, say). The future completes as for {@link #send(String, String, byte[])}.
     *
     * @throws PayloadTooLargeException if the payload exceeds {@code maxMessageBytes}
     */
    CompletableFuture<Void> send(String memberId, String topic, byte[] payload, Delivery delivery);

    /**
     * Sends a request to the handler of {@code topic} on member {@code memberId} and completes with
     * its reply. Requests and replies travel over the reliable path, so any size up to
     * {@code maxMessageBytes} works. Completes exceptionally with exactly one of:
     * {@link io.pekonode.api.messaging.RequestTimeoutException} (no reply in time),
     * {@link io.pekonode.api.messaging.UnknownMemberException},
     * {@link io.pekonode.api.messaging.MemberUnavailableException} (dead or left, before or while waiting),
     * {@link io.pekonode.api.messaging.NoHandlerException},
     * {@link io.pekonode.api.messaging.RemoteHandlerException} (the handler threw),
     * {@link io.pekonode.api.messaging.DeliveryFailedException} (the transport failed).
     *
     * @throws PayloadTooLargeException if the payload exceeds {@code maxMessageBytes}
     */
    CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout);

    /**
     * Registers the handler for {@code topic}: it answers sends, requests and queries with that name.
     * One handler per topic; closing the subscription removes it.
     *
     * @throws IllegalStateException if the topic already has a handler
     */
    Subscription handle(String topic, MessageHandler handler);

    /**
     * Registers a handler for {@code topic} that runs on the thread that received the message (the
     * node's event loop), one message at a time in arrival order, rather than on the handler threads.
     * It saves a thread hop and keeps the order of {@link Delivery#STREAM} sends, but it must only
     * hand the message over (to a queue of its own) and return at once: while it runs, the node neither
     * probes nor gossips. Queries never run it; a request to it is answered with what it returns.
     * Implementations without such a thread run it as {@link #handle} does.
     *
     * @throws IllegalStateException if the topic already has a handler
     */
    default Subscription handleInline(String topic, MessageHandler handler) {
        return handle(topic, handler);
    }

    /**
     * Asks every live member matching {@code options}' filters (this node included) to answer query
     * {@code name}, like Serf's queries: the query spreads by gossip and each member's handler for
     * {@code name} answers directly. Completes at the deadline with what arrived; never exceptionally
     * for missing answers.
     *
     * @throws PayloadTooLargeException if name and payload exceed {@code maxEventPayloadBytes}
     */
    CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options);

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

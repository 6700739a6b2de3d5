package io.pekonode.testkit.fake;

import io.pekonode.api.Cluster;
import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.api.messaging.UnknownMemberException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Cluster} held in memory, for testing code written against the API without running the
 * engine. The test plays the rest of the cluster: it {@linkplain #putMember puts members} (each put
 * is announced to listeners as the engine would announce it), {@linkplain #emit emits} any other
 * event, {@linkplain #completeJoin answers the join}, and scripts what other members
 * {@linkplain #addQueryResponse answer to queries}; afterwards it reads what the code under test did
 * ({@link #joinCalls()}, {@link #tagUpdates()}, {@link #lastQuery()}, ...).
 *
 * <p>What it does as the engine does:
 * <ul>
 *   <li>writes ({@code publish}, {@code remove}, {@code updateTags}) apply at once, are announced
 *       ({@code MetadataChanged}, {@code MemberUpdated}) and enforce the configured limits with
 *       {@link PayloadTooLargeException};</li>
 *   <li>{@code request} and {@code send} reach the {@link FakeNetwork} node of that id (this node
 *       included), whose handler runs on a pool thread; each failure completes the future with the
 *       exception the engine uses ({@link UnknownMemberException}, {@link NoHandlerException},
 *       {@link RemoteHandlerException}, {@link RequestTimeoutException}); a one-way {@code send}
 *       completes once delivered, whatever the handler does;</li>
 *   <li>{@code query} is answered by every node of the network whose id and tags pass the filters,
 *       plus the scripted answers; it completes when all answered or at the timeout (the engine's
 *       default when none is given), with what arrived;</li>
 *   <li>{@code broadcast} delivers a {@code UserEventReceived} to every node of the network at once,
 *       on the caller's thread; {@code subscribe(listener, executor)} calls back on the executor.</li>
 * </ul>
 * What it does not do: gossip, failure detection, persistence, coalescing of user events. Nothing
 * changes unless the test or the code under test changes it. {@code join} completes only when the
 * test calls {@link #completeJoin}; {@code leave} marks the local member {@code LEFT} at once.
 *
 * <p>Thread-safe. A node made with a public constructor sits alone on a {@link FakeNetwork} of its
 * own, which {@link #close()} stops; nodes made by {@link FakeNetwork#node} share that network.
 */
public final class FakeCluster implements Cluster {

    /** The node id used when a test gives none. */
    public static final String DEFAULT_ID = "fa4e0000-0000-0000-0000-000000000001";
    /** Where fake HLC versions start: a plausible wall-clock time, so versions print like real ones. */
    private static final long FIRST_VERSION_MILLIS = 1_700_000_000_000L;
    /** The engine's default query timeout: gossip interval x this x ceil(log10(N + 1)), as Serf's. */
    private static final int QUERY_TIMEOUT_GOSSIP_ROUNDS = 16;

    /**
     * One {@link #query} call as the code under test made it.
     *
     * @param payload a copy of the payload as passed
     */
    public record QueryCall(String name, byte[] payload, QueryOptions options) {
        public QueryCall {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    private final FakeNetwork network;
    private final boolean ownsNetwork;
    private final ClusterConfig config;
    private final String id;
    private final Map<String, Member> members = new TreeMap<>();
    private final Map<String, byte[]> values = new TreeMap<>();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong versionClock = new AtomicLong(FIRST_VERSION_MILLIS);
    private final CompletableFuture<Integer> joinResult = new CompletableFuture<>();
    private final AtomicInteger joinCalls = new AtomicInteger();
    private final AtomicInteger leaveCalls = new AtomicInteger();
    private final AtomicInteger tagUpdates = new AtomicInteger();
    private final List<String> scriptedAcks = new CopyOnWriteArrayList<>();
    private final List<QueryResponse> scriptedResponses = new CopyOnWriteArrayList<>();
    private volatile QueryCall lastQuery;
    private volatile boolean running;
    private volatile boolean closed;

    /** A node with {@link #DEFAULT_ID}, alone on a fake network of its own. */
    public FakeCluster(ClusterConfig config) {
        this(config, DEFAULT_ID);
    }

    /**
     * A node alone on a fake network of its own: its name, address (advertised, else bound) and tags
     * come from {@code config}, and so do the limits it enforces.
     */
    public FakeCluster(ClusterConfig config, String id) {
        this(new FakeNetwork(), config, id, true);
        network.register(this);
    }

    FakeCluster(FakeNetwork network, ClusterConfig config, String id, boolean ownsNetwork) {
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.config = Objects.requireNonNull(config, "config");
        this.id = Objects.requireNonNull(id, "id");
        NodeAddress address = config.advertise().orElse(config.bind());
        members.put(id, new Member(id, config.nodeName().orElse(id), address, config.tags(), MemberState.ALIVE, 0));
    }

    // --- playing the rest of the cluster ---

    /**
     * Adds or replaces a member (the local one included) and announces it as the engine would:
     * {@code MemberJoined} for a new or returning member, {@code MemberUpdated} for a live one,
     * {@code MemberSuspected}, {@code MemberFailed} or {@code MemberLeft} by its state.
     */
    public void putMember(Member member) {
        Member old;
        synchronized (this) {
            old = members.put(member.id(), member);
        }
        emit(switch (member.state()) {
            case DEAD -> new ClusterEvent.MemberFailed(member);
            case LEFT -> new ClusterEvent.MemberLeft(member);
            case SUSPECT -> new ClusterEvent.MemberSuspected(member);
            case ALIVE -> old == null || !old.state().isActive()
                    ? new ClusterEvent.MemberJoined(member) : new ClusterEvent.MemberUpdated(member);
        });
    }

    /** Delivers an event to this node's listeners at once, on the caller's thread (or their executors). */
    public void emit(ClusterEvent event) {
        listeners.forEach(listener -> listener.onEvent(event));
    }

    /** Completes every {@link #join} future, as a seed answering would; {@code contacted} is its value. */
    public void completeJoin(int contacted) {
        joinResult.complete(contacted);
    }

    /** A member that acknowledges every query asked with acks, besides the matching nodes of the network. */
    public void addQueryAck(String memberId) {
        scriptedAcks.add(memberId);
    }

    /** A response every query gets, besides those of the matching nodes of the network. */
    public void addQueryResponse(QueryResponse response) {
        scriptedResponses.add(response);
    }

    // --- what the code under test did ---

    public ClusterConfig config() {
        return config;
    }

    public boolean closed() {
        return closed;
    }

    public int joinCalls() {
        return joinCalls.get();
    }

    public int leaveCalls() {
        return leaveCalls.get();
    }

    /** How often {@link #updateTags} was called. */
    public int tagUpdates() {
        return tagUpdates.get();
    }

    /** Listeners subscribed and not yet unsubscribed. */
    public int listenerCount() {
        return listeners.size();
    }

    public boolean hasHandler(String topic) {
        return handlers.containsKey(topic);
    }

    /** The last query this node was asked to run; empty when none was. */
    public Optional<QueryCall> lastQuery() {
        return Optional.ofNullable(lastQuery);
    }

    // --- Cluster ---

    @Override
    public Cluster start() {
        running = true;
        return this;
    }

    @Override
    public CompletableFuture<Integer> join(List<NodeAddress> seeds) {
        joinCalls.incrementAndGet();
        return joinResult;
    }

    @Override
    public synchronized Member localMember() {
        return members.get(id);
    }

    @Override
    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    @Override
    public synchronized List<Member> liveMembers() {
        return members.values().stream().filter(m -> m.state().isActive()).toList();
    }

    @Override
    public synchronized Optional<Member> member(String memberId) {
        return Optional.ofNullable(members.get(memberId));
    }

    /** Replaces the local tags, raises the incarnation and announces the change ({@code MemberUpdated}). */
    @Override
    public void updateTags(Map<String, String> tags) {
        tagUpdates.incrementAndGet();
        Member self = localMember();
        putMember(new Member(id, self.name(), self.address(), tags, self.state(), self.incarnation() + 1));
    }

    @Override
    public HlcTimestamp publish(String key, byte[] value) {
        if (key.length() > config.limits().maxKeyLength()) {
            throw new PayloadTooLargeException("key", key.length(), config.limits().maxKeyLength());
        }
        if (value.length > config.limits().maxValueBytes()) {
            throw new PayloadTooLargeException("value", value.length, config.limits().maxValueBytes());
        }
        HlcTimestamp version;
        synchronized (this) {
            values.put(key, value.clone());
            version = nextVersion();
        }
        emit(new ClusterEvent.MetadataChanged(key, value.clone(), version));
        return version;
    }

    @Override
    public HlcTimestamp remove(String key) {
        HlcTimestamp version;
        synchronized (this) {
            values.remove(key);
            version = nextVersion();
        }
        emit(new ClusterEvent.MetadataChanged(key, null, version));
        return version;
    }

    private HlcTimestamp nextVersion() {
        return new HlcTimestamp(versionClock.incrementAndGet(), 0, id);
    }

    @Override
    public synchronized Optional<byte[]> read(String key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, v.clone()));
        return Map.copyOf(copy);
    }

    @Override
    public Subscription subscribe(ClusterListener listener, Executor executor) {
        return subscribe(event -> executor.execute(() -> listener.onEvent(event)));
    }

    @Override
    public Subscription subscribe(ClusterListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public long broadcast(String name, byte[] payload, boolean coalesce) {
        checkEventSize("event", name, payload);
        long time = network.nextLamportTime();
        ClusterEvent.UserEventReceived event = new ClusterEvent.UserEventReceived(name, payload, id, time, 0);
        network.nodes().forEach(node -> node.emit(event));
        return time;
    }

    @Override
    public CompletableFuture<Void> send(String memberId, String topic, byte[] payload, Delivery delivery) {
        Optional<FakeCluster> target = network.find(memberId);
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(unknown(memberId));
        }
        target.get().deliver(IncomingMessage.Kind.SEND, id, topic, payload);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
        Optional<FakeCluster> target = network.find(memberId);
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(unknown(memberId));
        }
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        target.get().deliver(IncomingMessage.Kind.REQUEST, id, topic, payload).whenComplete((bytes, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                reply.complete(bytes);
            }
        });
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e ->
                CompletableFuture.failedFuture(e instanceof TimeoutException
                        ? new RequestTimeoutException("no reply from " + memberId + " on topic " + topic + " within " + timeout)
                        : e));
    }

    private UnknownMemberException unknown(String memberId) {
        return new UnknownMemberException("no member with id " + memberId + " is known to node " + localMember().name());
    }

    /** This node's handler's answer, on the network's handler pool; failures as the engine reports them. */
    private CompletableFuture<byte[]> deliver(IncomingMessage.Kind kind, String from, String topic, byte[] payload) {
        MessageHandler handler = handlers.get(topic);
        if (handler == null) {
            return CompletableFuture.failedFuture(new NoHandlerException("member " + id + " has no handler for topic " + topic));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                byte[] answer = handler.handle(new IncomingMessage(kind, topic, from, payload));
                return answer == null ? new byte[0] : answer;
            } catch (Exception e) {
                throw new RemoteHandlerException(String.valueOf(e.getMessage()), e);
            }
        }, network.handlers());
    }

    @Override
    public Subscription handle(String topic, MessageHandler handler) {
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("topic " + topic + " already has a handler");
        }
        return () -> handlers.remove(topic, handler);
    }

    @Override
    public CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        checkEventSize("query", name, payload);
        lastQuery = new QueryCall(name, payload, options);
        Set<String> acks = ConcurrentHashMap.newKeySet();
        List<QueryResponse> responses = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (FakeCluster node : network.nodes()) {
            if (!node.selectedBy(options)) {
                continue;
            }
            if (options.requestAck() && acks.add(node.id) && options.onAck() != null) {
                options.onAck().accept(node.id);
            }
            answers.add(node.deliver(IncomingMessage.Kind.QUERY, id, name, payload).thenAccept(answer -> {
                QueryResponse response = new QueryResponse(node.id, answer);
                responses.add(response);
                if (options.onResponse() != null) {
                    options.onResponse().accept(response);
                }
            }).exceptionally(handlerFailed -> null)); // the engine logs it; the asker sees the ack alone
        }
        if (options.requestAck()) {
            for (String scripted : scriptedAcks) {
                if (acks.add(scripted) && options.onAck() != null) {
                    options.onAck().accept(scripted);
                }
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, queryTimeout(options).toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(done -> {
                    List<QueryResponse> all = new ArrayList<>(responses);
                    all.addAll(scriptedResponses);
                    return new QueryResult(name, new LinkedHashSet<>(acks), all);
                });
    }

    private Duration queryTimeout(QueryOptions options) {
        int scale = (int) Math.ceil(Math.log10(liveMembers().size() + 1.0));
        return options.timeout().orElse(config.gossip().interval().multipliedBy((long) QUERY_TIMEOUT_GOSSIP_ROUNDS * scale));
    }

    /** Whether this node's id and tags pass a query's filters (tag values are whole-match regular expressions). */
    private boolean selectedBy(QueryOptions options) {
        Member self = localMember();
        return (options.nodeIds().isEmpty() || options.nodeIds().contains(id))
                && options.tagFilter().entrySet().stream().allMatch(filter -> self.tags().containsKey(filter.getKey())
                        && self.tags().get(filter.getKey()).matches(filter.getValue()));
    }

    private void checkEventSize(String what, String name, byte[] payload) {
        int size = name.getBytes(StandardCharsets.UTF_8).length + payload.length;
        if (size > config.limits().maxEventPayloadBytes()) {
            throw new PayloadTooLargeException(what, size, config.limits().maxEventPayloadBytes());
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public void resume() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running && !closed;
    }

    @Override
    public CompletableFuture<Void> leave(Duration timeout) {
        leaveCalls.incrementAndGet();
        synchronized (this) {
            members.put(id, members.get(id).withState(MemberState.LEFT));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
        running = false;
        if (ownsNetwork) {
            network.close();
        }
    }
}

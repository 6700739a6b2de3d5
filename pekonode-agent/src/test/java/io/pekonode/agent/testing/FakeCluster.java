package io.pekonode.agent.testing;

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
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.UnknownMemberException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory {@link Cluster} for testing the agent without the engine. Thread-safe by synchronisation. */
public final class FakeCluster implements Cluster {

    private final ClusterConfig config;
    private final Map<String, Member> members = new TreeMap<>();
    private final Map<String, byte[]> values = new TreeMap<>();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final String id;
    /** Completed by tests to simulate a seed answering. */
    public final CompletableFuture<Integer> joinResult = new CompletableFuture<>();
    public final AtomicInteger joinCalls = new AtomicInteger();
    public final AtomicInteger leaveCalls = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean closed;

    public FakeCluster(ClusterConfig config, String id) {
        this.config = config;
        this.id = id;
        NodeAddress address = config.advertise().orElse(config.bind());
        members.put(id, new Member(id, config.nodeName().orElse(id), address, config.tags(), MemberState.ALIVE, 0));
    }

    public FakeCluster(ClusterConfig config) {
        this(config, "fa4e0000-0000-0000-0000-000000000001");
    }

    public synchronized void addMember(Member member) {
        members.put(member.id(), member);
    }

    public void emit(ClusterEvent event) {
        listeners.forEach(l -> l.onEvent(event));
    }

    public boolean closed() {
        return closed;
    }

    public ClusterConfig config() {
        return config;
    }

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

    @Override
    public synchronized void updateTags(Map<String, String> tags) {
        Member self = members.get(id);
        members.put(id, new Member(id, self.name(), self.address(), tags, self.state(), self.incarnation() + 1));
    }

    @Override
    public synchronized HlcTimestamp publish(String key, byte[] value) {
        if (key.length() > config.maxKeyLength()) {
            throw new PayloadTooLargeException("key", key.length(), config.maxKeyLength());
        }
        if (value.length > config.maxValueBytes()) {
            throw new PayloadTooLargeException("value", value.length, config.maxValueBytes());
        }
        values.put(key, value.clone());
        return new HlcTimestamp(clock.incrementAndGet(), 0, id);
    }

    @Override
    public synchronized HlcTimestamp remove(String key) {
        values.remove(key);
        return new HlcTimestamp(clock.incrementAndGet(), 0, id);
    }

    @Override
    public synchronized Optional<byte[]> read(String key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized Map<String, byte[]> snapshot() {
        return Map.copyOf(values);
    }

    @Override
    public Subscription subscribe(ClusterListener listener, Executor executor) {
        return subscribe(listener);
    }

    @Override
    public Subscription subscribe(ClusterListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
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
    public synchronized CompletableFuture<Void> leave(Duration timeout) {
        leaveCalls.incrementAndGet();
        Member self = members.get(id);
        members.put(id, self.withState(MemberState.LEFT));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
        running = false;
    }

    // --- messaging: a one-node cluster plus scripted answers from other members ---

    /** The last query this node was asked to run, for assertions on its options. */
    public volatile LastQuery lastQuery;

    public record LastQuery(String name, byte[] payload, QueryOptions options) {
    }

    /** Answers "other members" give to every query, added to this node's own handler's answer. */
    public final List<QueryResponse> scriptedResponses = new CopyOnWriteArrayList<>();
    public final List<String> scriptedAcks = new CopyOnWriteArrayList<>();
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final AtomicLong lamport = new AtomicLong();

    /** Delivers the event to this node's listeners at once, as a cluster of one would. */
    @Override
    public long broadcast(String name, byte[] payload, boolean coalesce) {
        int size = name.getBytes(StandardCharsets.UTF_8).length + payload.length;
        if (size > config.maxEventPayloadBytes()) {
            throw new PayloadTooLargeException("event", size, config.maxEventPayloadBytes());
        }
        long time = lamport.incrementAndGet();
        emit(new ClusterEvent.UserEventReceived(name, payload, id, time, 0));
        return time;
    }

    /** Only this node itself can be addressed; anyone else is unknown. */
    @Override
    public CompletableFuture<Void> send(String memberId, String topic, byte[] payload) {
        return request(memberId, topic, payload, Duration.ofSeconds(1)).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
        if (!id.equals(memberId)) {
            return CompletableFuture.failedFuture(new UnknownMemberException("unknown member " + memberId));
        }
        MessageHandler handler = handlers.get(topic);
        if (handler == null) {
            return CompletableFuture.failedFuture(new NoHandlerException("no handler for " + topic));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return handler.handle(new IncomingMessage(IncomingMessage.Kind.REQUEST, topic, id, payload));
            } catch (Exception e) {
                throw new RemoteHandlerException(String.valueOf(e.getMessage()), e);
            }
        });
    }

    @Override
    public Subscription handle(String topic, MessageHandler handler) {
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("topic " + topic + " already has a handler");
        }
        return () -> handlers.remove(topic, handler);
    }

    public boolean hasHandler(String topic) {
        return handlers.containsKey(topic);
    }

    /**
     * This node acks and answers when its tags and id pass the filters (its handler's failure means an
     * ack without a response, as in the engine), then the scripted acks and responses are added.
     */
    @Override
    public CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        int size = name.getBytes(StandardCharsets.UTF_8).length + payload.length;
        if (size > config.maxEventPayloadBytes()) {
            throw new PayloadTooLargeException("query", size, config.maxEventPayloadBytes());
        }
        lastQuery = new LastQuery(name, payload.clone(), options);
        return CompletableFuture.supplyAsync(() -> {
            Set<String> acks = new LinkedHashSet<>();
            List<QueryResponse> responses = new ArrayList<>();
            Member self = localMember();
            boolean selected = (options.nodeIds().isEmpty() || options.nodeIds().contains(id))
                    && options.tagFilter().entrySet().stream().allMatch(f -> self.tags().containsKey(f.getKey())
                            && self.tags().get(f.getKey()).matches(f.getValue()));
            if (selected) {
                if (options.requestAck()) {
                    acks.add(id);
                }
                MessageHandler handler = handlers.get(name);
                if (handler != null) {
                    try {
                        responses.add(new QueryResponse(id,
                                handler.handle(new IncomingMessage(IncomingMessage.Kind.QUERY, name, id, payload))));
                    } catch (Exception e) {
                        // the engine logs it; the querier sees the ack only
                    }
                }
            }
            if (options.requestAck()) {
                acks.addAll(scriptedAcks);
            }
            responses.addAll(scriptedResponses);
            return new QueryResult(name, acks, responses);
        });
    }
}

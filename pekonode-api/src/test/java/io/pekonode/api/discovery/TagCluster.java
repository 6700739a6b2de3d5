package io.pekonode.api.discovery;

import io.pekonode.api.Cluster;
import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake cluster for the discovery tests: members and tags only, events delivered synchronously.
 * Methods discovery must not use throw, so a test fails if it reaches for them.
 */
final class TagCluster implements Cluster {

    private final String selfId;
    private final Map<String, Member> members = new TreeMap<>();
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger tagUpdates = new AtomicInteger();

    TagCluster(String selfId, String host) {
        this.selfId = selfId;
        members.put(selfId, new Member(selfId, "self", new NodeAddress(host, 7946), Map.of("role", "web"),
                MemberState.ALIVE, 0));
    }

    /** Adds or replaces a member and emits the matching event, as the engine would. */
    void put(Member m) {
        Member old;
        synchronized (this) {
            old = members.put(m.id(), m);
        }
        ClusterEvent event = switch (m.state()) {
            case DEAD -> new ClusterEvent.MemberFailed(m);
            case LEFT -> new ClusterEvent.MemberLeft(m);
            case SUSPECT -> new ClusterEvent.MemberSuspected(m);
            case ALIVE -> old == null || !old.state().isActive()
                    ? new ClusterEvent.MemberJoined(m) : new ClusterEvent.MemberUpdated(m);
        };
        listeners.forEach(l -> l.onEvent(event));
    }

    void emit(ClusterEvent event) {
        listeners.forEach(l -> l.onEvent(event));
    }

    @Override
    public synchronized Member localMember() {
        return members.get(selfId);
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
    public synchronized Optional<Member> member(String id) {
        return Optional.ofNullable(members.get(id));
    }

    @Override
    public void updateTags(Map<String, String> tags) {
        tagUpdates.incrementAndGet();
        Member self = localMember();
        put(new Member(selfId, self.name(), self.address(), tags, self.state(), self.incarnation() + 1));
    }

    @Override
    public Subscription subscribe(ClusterListener listener, Executor executor) {
        ClusterListener onExecutor = e -> executor.execute(() -> listener.onEvent(e));
        listeners.add(onExecutor);
        return () -> listeners.remove(onExecutor);
    }

    @Override
    public Subscription subscribe(ClusterListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    // --- not used by discovery ---

    @Override
    public Cluster start() {
        return this;
    }

    @Override
    public CompletableFuture<Integer> join(List<NodeAddress> seeds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HlcTimestamp publish(String key, byte[] value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HlcTimestamp remove(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<byte[]> read(String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, byte[]> snapshot() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long broadcast(String name, byte[] payload, boolean coalesce) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> send(String memberId, String topic, byte[] payload) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Subscription handle(String topic, MessageHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop() {
    }

    @Override
    public void resume() {
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public CompletableFuture<Void> leave(Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}

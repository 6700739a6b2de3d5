package io.pekonode.codec.json.typed;

import io.pekonode.api.Cluster;
import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.event.ClusterListener;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.IncomingMessage;
import io.pekonode.api.messaging.MessageHandler;
import io.pekonode.api.messaging.NoHandlerException;
import io.pekonode.api.messaging.QueryOptions;
import io.pekonode.api.messaging.QueryResponse;
import io.pekonode.api.messaging.QueryResult;
import io.pekonode.api.messaging.RemoteHandlerException;
import io.pekonode.api.messaging.RequestTimeoutException;
import io.pekonode.api.messaging.UnknownMemberException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory stand-in for a few nodes' messaging, with the failure semantics {@link Cluster}
 * documents (unknown member, no handler, handler failure, timeout). Handlers run on a pool, never
 * on the caller's thread, as on a real node. Membership and metadata are not modelled.
 */
final class FakeNetwork implements AutoCloseable {

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final AtomicLong lamport = new AtomicLong();

    Node node(String id) {
        return nodes.computeIfAbsent(id, Node::new);
    }

    @Override
    public void close() {
        handlers.shutdownNow();
    }

    final class Node implements Cluster {
        private final String id;
        private final Map<String, MessageHandler> topics = new ConcurrentHashMap<>();
        private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

        Node(String id) {
            this.id = id;
        }

        /** The handler's reply, or the exception the engine would complete the future with. */
        private CompletableFuture<byte[]> deliver(IncomingMessage.Kind kind, String from, String topic, byte[] payload) {
            MessageHandler handler = topics.get(topic);
            if (handler == null) {
                return CompletableFuture.failedFuture(new NoHandlerException(id + " has no handler for " + topic));
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] reply = handler.handle(new IncomingMessage(kind, topic, from, payload));
                    return reply == null ? new byte[0] : reply;
                } catch (Exception e) {
                    throw new RemoteHandlerException(String.valueOf(e.getMessage()));
                }
            }, handlers);
        }

        @Override
        public CompletableFuture<Void> send(String memberId, String topic, byte[] payload) {
            Node target = nodes.get(memberId);
            if (target == null) {
                return CompletableFuture.failedFuture(new UnknownMemberException(memberId));
            }
            target.deliver(IncomingMessage.Kind.SEND, id, topic, payload);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<byte[]> request(String memberId, String topic, byte[] payload, Duration timeout) {
            Node target = nodes.get(memberId);
            if (target == null) {
                return CompletableFuture.failedFuture(new UnknownMemberException(memberId));
            }
            CompletableFuture<byte[]> result = new CompletableFuture<>();
            target.deliver(IncomingMessage.Kind.REQUEST, id, topic, payload).whenComplete((reply, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                            ? failure.getCause() : failure);
                } else {
                    result.complete(reply);
                }
            });
            return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e ->
                    CompletableFuture.failedFuture(e instanceof TimeoutException
                            ? new RequestTimeoutException("no reply to " + topic + " in " + timeout) : e));
        }

        @Override
        public Subscription handle(String topic, MessageHandler handler) {
            if (topics.putIfAbsent(topic, handler) != null) {
                throw new IllegalStateException(topic + " already has a handler");
            }
            return () -> topics.remove(topic, handler);
        }

        /** Every node answers (filters are not modelled); a failed or missing handler just gives no response. */
        @Override
        public CompletableFuture<QueryResult> query(String name, byte[] payload, QueryOptions options) {
            Set<String> acks = new LinkedHashSet<>();
            Map<String, CompletableFuture<byte[]>> answers = new LinkedHashMap<>();
            for (Node node : nodes.values()) {
                acks.add(node.id);
                answers.put(node.id, node.deliver(IncomingMessage.Kind.QUERY, id, name, payload));
            }
            return CompletableFuture.allOf(answers.values().stream()
                            .map(f -> f.handle((r, e) -> r)).toArray(CompletableFuture[]::new))
                    .thenApply(done -> {
                        List<QueryResponse> responses = new ArrayList<>();
                        answers.forEach((member, answer) -> {
                            if (!answer.isCompletedExceptionally()) {
                                responses.add(new QueryResponse(member, answer.join()));
                            }
                        });
                        return new QueryResult(name, acks, responses);
                    });
        }

        @Override
        public long broadcast(String name, byte[] payload, boolean coalesce) {
            long time = lamport.incrementAndGet();
            UserEventReceived event = new UserEventReceived(name, payload, id, time, 0);
            for (Node node : nodes.values()) {
                node.listeners.forEach(l -> l.onEvent(event));
            }
            return time;
        }

        @Override
        public Subscription subscribe(ClusterListener listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public Subscription subscribe(ClusterListener listener, Executor executor) {
            return subscribe(event -> executor.execute(() -> listener.onEvent(event)));
        }

        // Membership and metadata are not part of these tests.

        @Override
        public Cluster start() {
            return this;
        }

        @Override
        public CompletableFuture<Integer> join(List<NodeAddress> seeds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Member localMember() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Member> members() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Member> liveMembers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Member> member(String memberId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void updateTags(Map<String, String> tags) {
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
        public void stop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resume() {
            throw new UnsupportedOperationException();
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
}

package io.pekonode.agent.http;

import io.pekonode.agent.events.EventKind;
import io.pekonode.agent.format.PayloadText;
import io.pekonode.api.Cluster;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans the node's events out to the {@code GET /v1/stream} clients as Server-Sent Events. Runs on the
 * node's event-dispatch thread and only ever offers to each client's bounded queue, so a slow or
 * vanished client is dropped (and counted) instead of holding up the node or the other clients. A
 * comment line goes to every client each heartbeat, which also finds clients that went away quietly.
 */
final class StreamHub implements AutoCloseable {

    private record Client(StreamSink sink, Set<EventKind> kinds) {
    }

    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final CopyOnWriteArrayList<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Duration heartbeat;
    private final Subscription subscription;
    private ScheduledExecutorService beats;

    StreamHub(Cluster cluster, Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.subscription = cluster.subscribe(this::publish);
    }

    private StreamHub(Duration heartbeat) {
        this.heartbeat = heartbeat;
        this.subscription = () -> { };
    }

    /** A hub no node feeds: only what is {@link #publish published} to it reaches its clients. */
    static StreamHub detached(Duration heartbeat) {
        return new StreamHub(heartbeat);
    }

    /** Adds a client that wants {@code kinds}; it leaves when its stream ends. */
    void add(StreamSink sink, Set<EventKind> kinds) {
        Client client = new Client(sink, Set.copyOf(kinds));
        clients.add(client);
        sink.onClose(() -> clients.remove(client));
        // Says how often to expect a sign of life, so a client can tell a stalled stream from a quiet one.
        sink.offer((": connected; heartbeat " + heartbeat.toMillis() + " ms\n\n").getBytes(StandardCharsets.UTF_8));
        startHeartbeats();
    }

    void dropped(String reason) {
        dropped.incrementAndGet();
    }

    int clients() {
        return clients.size();
    }

    long droppedCount() {
        return dropped.get();
    }

    long sentCount() {
        return sent.get();
    }

    /** Sends {@code event} to every client that wants its kind. */
    void publish(ClusterEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        EventKind kind = EventKind.of(event);
        byte[] frame = null;
        for (Client c : clients) {
            if (c.kinds().contains(kind)) {
                if (frame == null) {
                    frame = frame(kind, event);
                }
                if (c.sink().offer(frame)) {
                    sent.incrementAndGet();
                }
            }
        }
    }

    private synchronized void startHeartbeats() {
        if (beats != null) {
            return;
        }
        beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pekonode-stream-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long millis = heartbeat.toMillis();
        beats.scheduleWithFixedDelay(() -> clients.forEach(c -> c.sink().offer(HEARTBEAT)), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    /** One SSE frame: the kind as the event name, the JSON on one data line. */
    static byte[] frame(EventKind kind, ClusterEvent event) {
        String json = new String(Json.write(view(kind, event)), StandardCharsets.UTF_8);
        return ("event: " + kind.label() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static ApiModel.StreamEvent view(EventKind kind, ClusterEvent event) {
        String time = Instant.now().toString();
        if (event instanceof ClusterEvent.MemberEvent m) {
            return new ApiModel.StreamEvent(kind.label(), time, ApiModel.MemberView.of(m.member()), null, null, null,
                    null, null, null, null, null, null, null);
        }
        if (event instanceof ClusterEvent.MetadataChanged m) {
            byte[] value = m.value();
            String text = value == null ? null : PayloadText.utf8OrNull(value);
            String b64 = value != null && text == null ? Base64.getEncoder().encodeToString(value) : null;
            return new ApiModel.StreamEvent(kind.label(), time, null, m.key(), m.removed(), text, b64,
                    m.version().toString(), null, null, null, null, null);
        }
        if (event instanceof ClusterEvent.UserEventReceived u) {
            byte[] payload = u.payload();
            String text = PayloadText.utf8OrNull(payload);
            return new ApiModel.StreamEvent(kind.label(), time, null, null, null, null, null, null, u.name(),
                    u.originId(), u.lamportTime(), text, text == null ? Base64.getEncoder().encodeToString(payload) : null);
        }
        ClusterEvent.QueryReceived q = (ClusterEvent.QueryReceived) event;
        byte[] payload = q.payload();
        String text = PayloadText.utf8OrNull(payload);
        return new ApiModel.StreamEvent(kind.label(), time, null, null, null, null, null, null, q.name(), q.originId(),
                q.lamportTime(), text, text == null ? Base64.getEncoder().encodeToString(payload) : null);
    }

    @Override
    public synchronized void close() {
        subscription.close();
        if (beats != null) {
            beats.shutdownNow();
        }
        clients.forEach(c -> c.sink().finish());
    }
}

package io.pekonode.consensus.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.event.Subscription;
import io.pekonode.api.messaging.Delivery;
import io.pekonode.api.messaging.UnknownMemberException;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.routing.CallTransport;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Puts a {@link ConsensusService} on a node: its own Raft thread and event thread, voters from gossip
 * (the {@value ConsensusConfig#VOTER_TAG} member tag), and every message through the cluster's messaging
 * as requests, which travel the reliable path and are sealed with the cluster key when one is set.
 */
public final class ConsensusNode implements ClusterPort {

    private static final Logger LOG = LogManager.getLogger(ConsensusNode.class);
    static final String RAFT_TOPIC = "pekonode.consensus.raft";
    static final String CALL_TOPIC = "pekonode.consensus.call";
    static final String RESULT_TOPIC = "pekonode.consensus.result";
    /** Published by a voter while it is a member of the group. */
    static final String MEMBER_TAG = "consensus.group";

    private final Cluster cluster;
    private final ConsensusConfig config;
    private final List<Subscription> handlers = new ArrayList<>();
    /**
     * Where announcements update the member tag: off the Raft thread, since a tag update waits for the
     * protocol's event loop, and one at a time in the order announced, so an older group list can never
     * overwrite a newer one. The thread ends after a minute idle.
     */
    private final ThreadPoolExecutor tagUpdates = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), daemonThreads("pekonode-consensus-tags"));

    private ConsensusNode(Cluster cluster, ConsensusConfig config) {
        this.cluster = cluster;
        this.config = config;
    }

    /** Daemon threads of one name: a forgotten close must not keep the JVM alive. */
    private static ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** See {@link Consensus#start}. */
    public static Consensus start(Cluster cluster, ConsensusConfig config) {
        ConsensusNode port = new ConsensusNode(cluster, config);
        ThreadScheduler raftThread = new ThreadScheduler("pekonode-consensus-raft");
        ExecutorService events = Executors.newSingleThreadExecutor(daemonThreads("pekonode-consensus-events"));
        ConsensusService service;
        try {
            service = new ConsensusService(config, port, raftThread, events, new Random(new SecureRandom().nextLong()));
        } catch (RuntimeException e) {
            raftThread.close();
            events.shutdownNow();
            port.tagUpdates.shutdownNow();
            throw e;
        }
        // Inline: the handler only queues the message for the Raft thread, which decodes it, so the
        // handler threads' hop is saved and the stream's order kept.
        port.handlers.add(cluster.handleInline(RAFT_TOPIC, m -> {
            byte[] payload = m.payload();
            raftThread.execute(() -> service.onRaft(payload));
            return null;
        }));
        port.handlers.add(cluster.handle(CALL_TOPIC, m -> service.onCall(m.senderId(), m.payload())));
        port.handlers.add(cluster.handle(RESULT_TOPIC, m -> {
            service.onResult(m.payload());
            return null;
        }));
        if (config.voter()) {
            port.updateTag(ConsensusConfig.VOTER_TAG, ConsensusConfig.VOTER_TAG_VALUE);
        }
        service.start();
        return new NodeConsensus(service, () -> {
            port.handlers.forEach(Subscription::close);
            raftThread.close();
            events.shutdown();
            port.tagUpdates.shutdown();
        });
    }

    @Override
    public String localId() {
        return cluster.localMember().id();
    }

    @Override
    public List<Voter> voters() {
        List<Voter> out = new ArrayList<>();
        for (Member m : cluster.members()) {
            if (ConsensusConfig.VOTER_TAG_VALUE.equals(m.tags().get(ConsensusConfig.VOTER_TAG))) {
                out.add(new Voter(m.id(), m.state().isActive(), m.state() == MemberState.LEFT,
                        groupStart(m.tags().get(MEMBER_TAG))));
            }
        }
        out.sort(java.util.Comparator.comparing(Voter::id));
        return out;
    }

    /** The tag's value: the group's name, then its initial members. */
    @Override
    public void announceMembership(List<String> groupStart) {
        String value = groupStart.isEmpty() ? null : config.groupName() + ":" + String.join(",", groupStart);
        tagUpdates.execute(() -> updateTag(MEMBER_TAG, value));
    }

    private List<String> groupStart(String tag) {
        String prefix = config.groupName() + ":";
        if (tag == null || !tag.startsWith(prefix) || tag.length() == prefix.length()) {
            return List.of();
        }
        return List.of(tag.substring(prefix.length()).split(","));
    }

    private synchronized void updateTag(String key, String value) {
        Map<String, String> tags = new HashMap<>(cluster.localMember().tags());
        if (value == null) {
            tags.remove(key);
        } else {
            tags.put(key, value);
        }
        try {
            cluster.updateTags(tags);
        } catch (RuntimeException e) {
            LOG.warn("could not publish the consensus tag {}: {}", key, e.toString());
        }
    }

    @Override
    public boolean reachable(String memberId) {
        return cluster.member(memberId).map(m -> m.state().isActive()).orElse(false);
    }

    @Override
    public void sendRaft(String memberId, byte[] message) {
        send(memberId, RAFT_TOPIC, message);
    }

    @Override
    public void sendResult(String memberId, byte[] result) {
        send(memberId, RESULT_TOPIC, result);
    }

    private void send(String memberId, String topic, byte[] payload) {
        try {
            // One-way over the stream: Raft and call results answer with messages of their own, so a
            // reply frame would be wasted work on both ends.
            cluster.send(memberId, topic, payload, Delivery.STREAM).exceptionally(e -> null);
        } catch (RuntimeException e) {
            LOG.debug("could not send {} to {}: {}", topic, memberId, e.toString());
        }
    }

    @Override
    public CompletableFuture<byte[]> call(String memberId, byte[] call, Duration timeout) {
        CompletableFuture<byte[]> sent;
        try {
            sent = cluster.request(memberId, CALL_TOPIC, call, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new CallTransport.NotSentException(e.getMessage()));
        }
        return sent.handle((bytes, error) -> {
            if (error == null) {
                return bytes;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            // Only an unknown member surely never got it; a member that died while we waited may have.
            if (cause instanceof UnknownMemberException) {
                throw new CallTransport.NotSentException(cause.getMessage());
            }
            throw new CompletionException(cause);
        });
    }
}

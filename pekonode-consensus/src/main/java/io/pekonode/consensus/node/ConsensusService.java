package io.pekonode.consensus.node;

import io.microraft.persistence.NopRaftStore;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.pekonode.api.event.Subscription;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusClosedException;
import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusMap;
import io.pekonode.consensus.ConsensusStatus;
import io.pekonode.consensus.LeadershipListener;
import io.pekonode.consensus.Lease;
import io.pekonode.consensus.raft.GroupMember;
import io.pekonode.consensus.raft.MemberView;
import io.pekonode.consensus.raft.Outbox;
import io.pekonode.consensus.raft.RaftTiming;
import io.pekonode.consensus.raft.Scheduler;
import io.pekonode.consensus.routing.CallRouter;
import io.pekonode.consensus.routing.CallTransport;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import io.pekonode.consensus.store.FileRaftStore;
import io.pekonode.consensus.wire.CallCodec;
import io.pekonode.consensus.wire.CallMessage;
import io.pekonode.consensus.wire.MalformedMessageException;
import io.pekonode.consensus.wire.Outcome;
import io.pekonode.consensus.wire.RaftCodec;
import io.pekonode.consensus.wire.WireLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The consensus module of one node, free of threads and sockets: it runs on a {@link Scheduler} and
 * reaches the world through a {@link ClusterPort}. {@link ConsensusNode} puts it on a thread and a
 * {@link io.pekonode.api.Cluster}; the simulator puts it on virtual time.
 *
 * <p>It forms the group (bootstrap once the expected voters have seen each other), routes this node's
 * calls to the leader, answers calls from other nodes when it leads, and, as leader, keeps the group's
 * membership in line with gossip ({@link Membership}).
 */
public final class ConsensusService implements Consensus {

    private static final Logger LOG = LogManager.getLogger(ConsensusService.class);
    /** Room the cluster's messaging leaves for one message by default (its frame is 4 MiB). */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024 - 64 * 1024;
    static final int MAX_ID_LENGTH = 512;
    private static final int SNAPSHOT_CHUNK_BYTES = 512 * 1024;

    private final ConsensusConfig config;
    private final ClusterPort port;
    private final Scheduler scheduler;
    private final Executor events;
    private final Random random;
    private final RaftCodec codec;
    private final CallCodec calls;
    private final RaftTiming timing;
    private final CallRouter router;
    private final MapClient map;
    private final LockClient locks;
    private final Membership membership;
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Set<CompletableFuture<Result>> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Optional<FileRaftStore> store;
    private volatile GroupMember member;
    private volatile boolean closed;
    private List<String> lastSeen = List.of();
    private long seenSince;

    /**
     * @param events where listeners and the continuations of this API's futures run: one task at a time,
     *               never the scheduler's own thread in a node (it may be the same in the simulator)
     * @throws io.pekonode.consensus.DamagedLogException when the voter's persisted Raft state fails its checks
     */
    public ConsensusService(ConsensusConfig config, ClusterPort port, Scheduler scheduler, Executor events,
                            Random random) {
        this(config, port, scheduler, events, random, true);
    }

    /** @param syncStore fsync the Raft log; only the simulator, whose disk never loses a write, turns it off */
    ConsensusService(ConsensusConfig config, ClusterPort port, Scheduler scheduler, Executor events, Random random,
                     boolean syncStore) {
        this.config = config;
        this.port = port;
        this.scheduler = scheduler;
        this.events = events;
        this.random = random;
        int entryBytes = config.maxValueBytes() + config.maxKeyLength() * 4 + MAX_ID_LENGTH * 4 + 64;
        int batch = Math.max(1, Math.min(64, MAX_MESSAGE_BYTES / entryBytes - 1));
        this.codec = new RaftCodec(new WireLimits(MAX_MESSAGE_BYTES, MAX_ID_LENGTH, config.maxKeyLength(),
                config.maxValueBytes(), config.maxLockNameLength(), Math.max(batch, 1024), 2 * ConsensusConfig.MAX_VOTERS));
        this.calls = new CallCodec(codec);
        this.timing = new RaftTiming(config, batch);
        this.router = new CallRouter(port.localId(), scheduler, new PortCallTransport(),
                () -> Optional.ofNullable(member), this::liveVoterIds, random, config.electionTimeout());
        this.map = new MapClient(this, config);
        this.locks = new LockClient(this, config, scheduler);
        this.membership = new Membership(this, config, port, scheduler);
        this.store = config.voter() ? config.dataDirectory().map(dir -> FileRaftStore.open(dir, codec, syncStore))
                : Optional.empty();
    }

    /** Restores a persisted member, if any, and starts forming or following the group. */
    public ConsensusService start() {
        Optional<RestoredRaftState> restored = store.flatMap(FileRaftStore::restored);
        if (restored.isPresent()) {
            LOG.info("consensus member {} restarts from its persisted Raft state", port.localId());
            startMember(restored, List.of());
        }
        scheduler.schedule(this::tick, tickMillis());
        return this;
    }

    // ---- Consensus ----

    @Override
    public Optional<String> leader() {
        return router.leaderHint();
    }

    @Override
    public boolean isLeader() {
        GroupMember m = member;
        return m != null && m.view().isLeader();
    }

    @Override
    public Subscription onLeadershipChange(LeadershipListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public ConsensusMap map() {
        return map;
    }

    @Override
    public Lease lock(String name, Duration wait) {
        return ConsensusMap.await(lockAsync(name, wait));
    }

    @Override
    public CompletableFuture<Lease> lockAsync(String name, Duration wait) {
        return locks.acquire(name, wait, true).thenApply(Optional::orElseThrow);
    }

    @Override
    public Optional<Lease> tryLock(String name) {
        return ConsensusMap.await(locks.acquire(name, Duration.ZERO, false));
    }

    @Override
    public ConsensusStatus status() {
        GroupMember m = member;
        if (m == null) {
            return new ConsensusStatus(port.localId(), "none", 0, router.leaderHint(), List.of(), List.of(), 0);
        }
        MemberView v = m.view();
        return new ConsensusStatus(port.localId(), v.role(), v.term(), v.leader(), v.voters(), v.learners(),
                v.commitIndex());
    }

    @Override
    public ConsensusConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        locks.closeAll();
        GroupMember m = member;
        if (m != null) {
            m.stop();
        }
        ConsensusClosedException closing = new ConsensusClosedException("the consensus module was closed");
        router.failAll(closing);
        // A write among these may still be applied by the group: closed says nothing about its fate.
        List.copyOf(outstanding).forEach(f -> f.completeExceptionally(closing));
        store.ifPresent(FileRaftStore::close);
    }

    // ---- incoming messages (any thread) ----

    /** A Raft message from another member. */
    public void onRaft(byte[] message) {
        GroupMember m = member;
        if (m != null && !closed) {
            m.handleRaft(message);
        }
    }

    /** A call from another node: the immediate answer to send back. */
    public byte[] onCall(String from, byte[] bytes) {
        CallMessage message;
        try {
            message = calls.decode(bytes);
        } catch (MalformedMessageException e) {
            LOG.warn("dropped a malformed consensus call from {}: {}", from, e.getMessage());
            return calls.encode(new CallMessage.CallAck(new Outcome.Rejected("malformed call: " + e.getMessage())));
        }
        if (message instanceof CallMessage.Call call) {
            return calls.encode(new CallMessage.CallAck(accept(from, call)));
        }
        if (message instanceof CallMessage.Invite invite) {
            return calls.encode(joinOnInvite(from, invite));
        }
        return calls.encode(new CallMessage.CallAck(new Outcome.Rejected("not a call: " + message.getClass().getSimpleName())));
    }

    /** The later result of a call this node made. */
    public void onResult(byte[] bytes) {
        try {
            if (calls.decode(bytes) instanceof CallMessage.CallResult result) {
                router.onResult(result);
            }
        } catch (MalformedMessageException e) {
            LOG.warn("dropped a malformed consensus result: {}", e.getMessage());
        }
    }

    /** Null when accepted (the result follows as a separate message). */
    private Outcome accept(String from, CallMessage.Call call) {
        GroupMember m = member;
        if (closed || m == null) {
            return new Outcome.NotLeader(router.leaderHint().filter(l -> !l.equals(port.localId())));
        }
        if (!call.stale() && !m.view().isLeader()) {
            return new Outcome.NotLeader(m.view().leader().filter(l -> !l.equals(port.localId())));
        }
        m.call(call.operation(), call.stale()).whenComplete((outcome, error) -> port.sendResult(from, calls.encode(
                new CallMessage.CallResult(call.callId(), outcome != null ? outcome : new Outcome.Retry(String.valueOf(error))))));
        return null;
    }

    private CallMessage.InviteReply joinOnInvite(String from, CallMessage.Invite invite) {
        if (!config.voter() || closed) {
            return new CallMessage.InviteReply(false, "not a voter");
        }
        if (!invite.groupId().equals(config.groupName())) {
            return new CallMessage.InviteReply(false, "in group " + config.groupName() + ", not " + invite.groupId());
        }
        CompletableFuture<CallMessage.InviteReply> reply = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (member == null) {
                LOG.info("consensus member {} joins the group on {}'s invitation", port.localId(), from);
                startMember(Optional.empty(), invite.initialMembers());
            }
            reply.complete(new CallMessage.InviteReply(true, "running"));
        });
        // The scheduler runs the start soon; answer at once that it is on its way.
        return reply.getNow(new CallMessage.InviteReply(true, "starting"));
    }

    // ---- the group ----

    private void tick() {
        if (closed) {
            return;
        }
        try {
            GroupMember m = member;
            if (m == null) {
                maybeBootstrap();
            } else if (m.view().removed()) {
                leaveGroup(m);
            } else if (m.view().isLeader()) {
                membership.maintain(m);
            }
        } catch (RuntimeException e) {
            LOG.warn("consensus housekeeping failed", e);
        } finally {
            scheduler.schedule(this::tick, tickMillis());
        }
    }

    private long tickMillis() {
        return config.heartbeatInterval().toMillis();
    }

    /**
     * Forms the group when this voter has seen the expected number of voters, none of them in a group
     * yet, and that set held still for the settle time: every voter then picks the same first members.
     */
    private void maybeBootstrap() {
        if (!config.voter()) {
            return;
        }
        List<ClusterPort.Voter> voters = port.voters();
        Optional<List<String>> existing = voters.stream().filter(ClusterPort.Voter::inGroup)
                .map(ClusterPort.Voter::groupStart).findFirst();
        if (existing.isPresent()) {
            // A group formed: join it if it started with this voter, else wait for its leader's invitation.
            if (existing.get().contains(port.localId())) {
                LOG.info("consensus member {} joins the group that started with {}", port.localId(), existing.get());
                startMember(Optional.empty(), existing.get());
            }
            return;
        }
        List<String> seen = voters.stream().filter(ClusterPort.Voter::alive).map(ClusterPort.Voter::id).toList();
        long now = scheduler.nowMillis();
        if (!seen.equals(lastSeen)) {
            lastSeen = seen;
            seenSince = now;
            return;
        }
        if (seen.size() < config.expectedVoters() || now - seenSince < config.bootstrapSettle().toMillis()) {
            return;
        }
        List<String> initial = seen.subList(0, config.expectedVoters());
        if (initial.contains(port.localId())) {
            LOG.info("consensus group {} forms with {}", config.groupName(), initial);
            startMember(Optional.empty(), initial);
        }
    }

    private void startMember(Optional<RestoredRaftState> restored, List<String> initial) {
        RaftStore raftStore = store.<RaftStore>map(s -> s).orElseGet(NopRaftStore::new);
        GroupMember.Setup setup = new GroupMember.Setup(config.groupName(), port.localId(), timing, codec, scheduler,
                scheduler::nowMillis, random, new PortOutbox(), events, config.lockTtl(), SNAPSHOT_CHUNK_BYTES,
                new GroupMember.Listener() {
                    @Override
                    public void leadershipChanged(boolean leader, long term) {
                        listeners.forEach(l -> {
                            try {
                                l.leadershipChanged(leader, term);
                            } catch (RuntimeException e) {
                                LOG.warn("a leadership listener failed", e);
                            }
                        });
                    }

                    @Override
                    public void removedFromGroup() {
                        LOG.info("consensus member {} was removed from the group", port.localId());
                    }
                });
        GroupMember created = GroupMember.create(setup, raftStore, restored, initial);
        member = created;
        created.start();
        port.announceMembership(created.initialMembers());
    }

    private void leaveGroup(GroupMember m) {
        m.stop();
        member = null;
        port.announceMembership(List.of());
        lastSeen = List.of();
    }

    // ---- for the clients ----

    /** Runs {@code operation} on the group within the request timeout. */
    CompletableFuture<Result> call(Operation operation, boolean stale, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(new ConsensusClosedException("the consensus module was closed"));
        }
        // Continue on the events executor, never on the scheduler (a caller blocking there would stall Raft).
        CompletableFuture<Result> out = new CompletableFuture<>();
        outstanding.add(out);
        out.whenComplete((r, e) -> outstanding.remove(out));
        router.call(operation, stale, timeout).whenComplete((r, e) -> events.execute(() -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(r);
            }
        }));
        return out;
    }

    Duration requestTimeout() {
        return config.requestTimeout();
    }

    String localId() {
        return port.localId();
    }

    Executor events() {
        return events;
    }

    /** The local group member, when this node runs one (for status and tests). */
    public Optional<GroupMember> member() {
        return Optional.ofNullable(member);
    }

    CompletableFuture<CallMessage.InviteReply> invite(String memberId, List<String> initialMembers) {
        return port.call(memberId, calls.encode(new CallMessage.Invite(config.groupName(), initialMembers)),
                config.requestTimeout()).thenApply(bytes -> {
                    try {
                        if (calls.decode(bytes) instanceof CallMessage.InviteReply reply) {
                            return reply;
                        }
                        return new CallMessage.InviteReply(false, "unexpected answer");
                    } catch (MalformedMessageException e) {
                        throw new ConsensusException("malformed invite reply from " + memberId, e);
                    }
                });
    }

    private List<String> liveVoterIds() {
        return port.voters().stream().filter(ClusterPort.Voter::alive).map(ClusterPort.Voter::id).toList();
    }

    private final class PortOutbox implements Outbox {
        @Override
        public void sendRaft(String memberId, byte[] message) {
            port.sendRaft(memberId, message);
        }

        @Override
        public boolean reachable(String memberId) {
            return port.reachable(memberId);
        }
    }

    private final class PortCallTransport implements CallTransport {
        @Override
        public CompletableFuture<CallMessage.CallAck> send(String memberId, CallMessage.Call call, Duration timeout) {
            return port.call(memberId, calls.encode(call), timeout).thenApply(bytes -> {
                try {
                    if (calls.decode(bytes) instanceof CallMessage.CallAck ack) {
                        return ack;
                    }
                } catch (MalformedMessageException e) {
                    throw new ConsensusException("malformed answer from " + memberId + ": " + e.getMessage(), e);
                }
                throw new ConsensusException("unexpected answer from " + memberId);
            });
        }
    }
}

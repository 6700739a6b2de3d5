package io.pekonode.consensus.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.QueryPolicy;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.RaftNodeStatus;
import io.microraft.RaftRole;
import io.microraft.exception.CannotReplicateException;
import io.microraft.exception.IndeterminateStateException;
import io.microraft.exception.LaggingCommitIndexException;
import io.microraft.exception.NotLeaderException;
import io.microraft.exception.RaftException;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.RaftMessage;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.report.RaftGroupMembers;
import io.microraft.report.RaftNodeReport;
import io.microraft.transport.Transport;
import io.pekonode.consensus.state.LockObserver;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.ReplicatedState;
import io.pekonode.consensus.state.Result;
import io.pekonode.consensus.wire.MalformedMessageException;
import io.pekonode.consensus.wire.MemberEndpoint;
import io.pekonode.consensus.wire.Outcome;
import io.pekonode.consensus.wire.RaftCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One member of the Raft group: a MicroRaft node with the replicated map and locks, its store, and the
 * leader's lease timing. Calls come in as operations and leave as {@link Outcome}s, which say whether a
 * retry elsewhere is safe.
 *
 * <p>Leases: every member notes when it applies a grant; only the leader acts on it. A holder renews
 * through the leader, which pushes the deadline back; when a deadline passes, the leader replicates an
 * expiry. A new leader frees every lock with its first entry, so no deadline outlives the leader that
 * kept it, and grants none for one lease time after its election: by then every holder under the old
 * leader saw its lease run out (a holder counts its lease from when it sent its last successful renewal,
 * which was before the election).
 *
 * <p>Lease times are kept by timers, never by comparing clock readings: a timer started when a grant or
 * renewal is seen fires one lease time later, and only then may the leader expire the lock (or, for the
 * grace time, grant one). A clock whose reading jumps (forward on the leader, say) can so not cut a lease
 * short; a paused process only fires its timers late, which delays an expiry and never hastens one.
 */
public final class GroupMember implements LockObserver {

    private static final Logger LOG = LogManager.getLogger(GroupMember.class);
    /** The holder a new leader names while it waits out the leases of the previous one. */
    public static final String GRACE_HOLDER = "(leases of the previous leader, until one lease time after the election)";

    /** What a member needs from the world. */
    public record Setup(String groupId, String localId, RaftTiming timing, RaftCodec codec, Scheduler scheduler,
                        LongSupplier clockMillis, Random random, Outbox outbox, Executor callbacks, Duration lockTtl,
                        int maxSnapshotChunkBytes, Listener listener) {
    }

    /** Told (on the callbacks executor) about leadership and removal. */
    public interface Listener {
        void leadershipChanged(boolean leader, long term);

        void removedFromGroup();
    }

    /** A lease as this member knows it: {@code due} once a lease time passed without a renewal. */
    private static final class Deadline {
        final long token;
        volatile boolean due;

        Deadline(long token) {
            this.token = token;
        }
    }

    private final Setup setup;
    private final RaftExecutor executor;
    private final RaftNode node;
    private final StalePreVoteGuard stalePreVoteGuard;
    private final CompactedPrefixGuard compactedPrefixGuard;
    private final ReplicatedState state;
    private final Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
    private final Map<String, Long> expiring = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private volatile MemberView view = MemberView.STARTING;
    private volatile boolean wasLeader;
    /** Locks wait a lease time after this member became leader; counts its leaderships. */
    private volatile long leaderships;
    private volatile boolean graceOver;
    private volatile boolean stopped;

    private GroupMember(Setup setup, RaftStore store, Optional<RestoredRaftState> restored, List<String> initialMembers) {
        this.setup = setup;
        this.ttlMillis = setup.lockTtl().toMillis();
        this.executor = new RaftExecutor(setup.scheduler(), setup.timing(), new Random(setup.random().nextLong()));
        this.state = new ReplicatedState(setup.maxSnapshotChunkBytes());
        state.observeLocks(this);
        Transport transport = new Transport() {
            @Override
            public void send(RaftEndpoint target, RaftMessage message) {
                byte[] bytes;
                try {
                    bytes = setup.codec().encode(message);
                } catch (RuntimeException e) {
                    LOG.error("cannot encode {} for {}", message.getClass().getSimpleName(), target, e);
                    return;
                }
                setup.outbox().sendRaft(MemberEndpoint.idOf(target), bytes);
            }

            @Override
            public boolean isReachable(RaftEndpoint endpoint) {
                return setup.outbox().reachable(MemberEndpoint.idOf(endpoint));
            }
        };
        RaftNode.RaftNodeBuilder builder = RaftNode.newBuilder().setGroupId(setup.groupId())
                .setConfig(setup.timing().raftConfig()).setExecutor(executor).setTransport(transport)
                .setStateMachine(state).setStore(store).setModelFactory(setup.codec().modelFactory())
                .setRaftNodeReportListener(this::onReport)
                .setClock(setup.timing().clock(setup.clockMillis())).setRandom(setup.random());
        if (restored.isPresent()) {
            builder.setRestoredState(restored.get());
        } else {
            List<RaftEndpoint> members = new ArrayList<>();
            initialMembers.forEach(id -> members.add(new MemberEndpoint(id)));
            builder.setLocalEndpoint(new MemberEndpoint(setup.localId())).setInitialGroupMembers(members);
        }
        this.node = builder.build();
        this.stalePreVoteGuard = StalePreVoteGuard.of(node, executor);
        this.compactedPrefixGuard = new CompactedPrefixGuard((io.microraft.impl.RaftNodeImpl) node,
                setup.codec().modelFactory());
    }

    /** A member restored from {@code restored} if present, else new in a group that started with {@code initialMembers}. */
    public static GroupMember create(Setup setup, RaftStore store, Optional<RestoredRaftState> restored,
                                     List<String> initialMembers) {
        return new GroupMember(setup, store, restored, initialMembers);
    }

    public void start() {
        node.start();
        stalePreVoteGuard.start();
        setup.scheduler().schedule(this::checkLeases, leaseCheckPeriod());
    }

    /** Stops at once, as a crash would: the group goes on without it until it is restarted or removed. */
    public void stop() {
        stopped = true;
        node.terminate();
        executor.stop();
    }

    public MemberView view() {
        return view;
    }

    public String groupId() {
        return setup.groupId();
    }

    /** The members the group started with: a member joining later must be created with the same list. */
    public List<String> initialMembers() {
        return ids(node.getInitialMembers().getMembers());
    }

    /** Number of keys in the applied state (for tests and status). */
    public int appliedKeys() {
        return state.size();
    }

    /** An incoming Raft message; malformed or foreign ones are dropped (Raft tolerates loss). */
    public void handleRaft(byte[] bytes) {
        if (stopped) {
            return;
        }
        RaftMessage message;
        try {
            message = setup.codec().decode(bytes);
        } catch (MalformedMessageException e) {
            LOG.warn("dropped a malformed Raft message: {}", e.getMessage());
            return;
        }
        if (!setup.groupId().equals(message.getGroupId())) {
            LOG.debug("dropped a message of group {} (this member is in {})", message.getGroupId(), setup.groupId());
            return;
        }
        if (message instanceof AppendEntriesRequest append) {
            // Looked at on the Raft executor, where the log may be read (see CompactedPrefixGuard).
            executor.execute(() -> node.handle(compactedPrefixGuard.adjust(append)));
            return;
        }
        node.handle(message);
    }

    /**
     * Runs {@code operation} here: writes and linearizable reads need this member to lead. The outcome
     * completes on the callbacks executor, so the caller's work never runs on the Raft thread.
     */
    public CompletableFuture<Outcome> call(Operation operation, boolean stale) {
        return callOnRaftThread(operation, stale).thenApplyAsync(o -> o, setup.callbacks());
    }

    /**
     * {@link #call} whose outcome completes on the Raft thread (the scheduler's), for a caller that only
     * hands it on to that scheduler: it saves two thread hops on the path of every local call.
     */
    public CompletableFuture<Outcome> callOnRaftThread(Operation operation, boolean stale) {
        if (stopped) {
            return CompletableFuture.completedFuture(new Outcome.Retry("member stopped"));
        }
        CompletableFuture<Outcome> outcome;
        if (operation instanceof Operation.Acquire) {
            outcome = acquire(operation);
        } else if (operation instanceof Operation.Renew renew) {
            outcome = renew(renew);
        } else if (operation.readOnly()) {
            QueryPolicy policy = stale ? QueryPolicy.EVENTUAL_CONSISTENCY : QueryPolicy.LINEARIZABLE;
            outcome = node.<Object>query(operation, policy, Optional.empty(), Optional.empty())
                    .handle((ordered, error) -> error == null ? done(ordered.getResult()) : readFailure(error));
        } else {
            outcome = node.<Object>replicate(operation)
                    .handle((ordered, error) -> error == null ? done(ordered.getResult()) : writeFailure(error));
        }
        return outcome;
    }

    /**
     * Checked on the Raft thread, where the leadership report is current: a holder under the previous
     * leader may still believe its lease valid for up to a lease time after the election.
     */
    private CompletableFuture<Outcome> acquire(Operation operation) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        executor.execute(() -> {
            if (view.isLeader() && !graceOver) {
                // Answered as held, so the caller waits and asks again (and counts its lease from that request).
                outcome.complete(new Outcome.Done(new Result.Held(GRACE_HOLDER, 0)));
                return;
            }
            node.<Object>replicate(operation).handle((ordered, error) -> error == null ? done(ordered.getResult())
                    : writeFailure(error)).thenAccept(outcome::complete);
        });
        return outcome;
    }

    private CompletableFuture<Outcome> renew(Operation.Renew renew) {
        return node.<Object>query(new Operation.LockInfo(renew.name()), QueryPolicy.LINEARIZABLE, Optional.empty(),
                Optional.empty()).handle((ordered, error) -> {
                    if (error != null) {
                        return readFailure(error);
                    }
                    Object result = ordered.getResult();
                    if (result instanceof Result.Held held && held.token() == renew.token()) {
                        startLease(renew.name(), held.token());
                    }
                    return done(result);
                });
    }

    // ---- membership (leader only) ----

    public CompletableFuture<Void> addLearner(String memberId) {
        return changeMembership(memberId, MembershipChangeMode.ADD_LEARNER);
    }

    public CompletableFuture<Void> promote(String memberId) {
        return changeMembership(memberId, MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER);
    }

    public CompletableFuture<Void> remove(String memberId) {
        return changeMembership(memberId, MembershipChangeMode.REMOVE_MEMBER);
    }

    private CompletableFuture<Void> changeMembership(String memberId, MembershipChangeMode mode) {
        return node.getReport().thenCompose(report -> node.changeMembership(new MemberEndpoint(memberId), mode,
                report.getResult().getCommittedMembers().getLogIndex())).thenApply(o -> (Void) null);
    }

    /** Leader only: how far each follower's log matches the leader's, and the commit index. */
    public CompletableFuture<Map<String, Long>> matchIndices() {
        return node.getReport().thenApply(report -> {
            Map<String, Long> out = new ConcurrentHashMap<>();
            report.getResult().getLog().getFollowerMatchIndices().forEach((e, i) -> out.put(MemberEndpoint.idOf(e), i));
            out.put(setup.localId(), report.getResult().getLog().getCommitIndex());
            return out;
        });
    }

    // ---- leases ----

    @Override
    public void granted(String name, long token) {
        startLease(name, token);
    }

    /** A lease time from now, {@code name} under {@code token} is due to expire unless renewed before. */
    private void startLease(String name, long token) {
        Deadline d = new Deadline(token);
        deadlines.put(name, d);
        setup.scheduler().schedule(() -> d.due = true, ttlMillis);
    }

    @Override
    public void freed(String name) {
        deadlines.remove(name);
        expiring.remove(name);
    }

    private long leaseCheckPeriod() {
        return Math.max(10, ttlMillis / 5);
    }

    private void checkLeases() {
        if (stopped) {
            return;
        }
        try {
            if (view.isLeader()) {
                deadlines.forEach((name, d) -> {
                    if (d.due && expiring.putIfAbsent(name, d.token) == null) {
                        node.replicate(new Operation.Expire(name, d.token))
                                .whenComplete((r, e) -> expiring.remove(name, d.token));
                    }
                });
            }
        } finally {
            setup.scheduler().schedule(this::checkLeases, leaseCheckPeriod());
        }
    }

    // ---- reports ----

    private void onReport(RaftNodeReport report) {
        RaftGroupMembers committed = report.getCommittedMembers();
        List<String> voters = ids(committed.getVotingMembers());
        List<String> learners = new ArrayList<>(ids(committed.getMembers()));
        learners.removeAll(voters);
        boolean terminated = report.getStatus() == RaftNodeStatus.TERMINATED;
        boolean removed = terminated && !committed.getMembers().contains(new MemberEndpoint(setup.localId()));
        RaftEndpoint leaderEndpoint = report.getTerm().getLeaderEndpoint();
        MemberView next = new MemberView(report.getRole().name().toLowerCase(java.util.Locale.ROOT),
                report.getTerm().getTerm(), Optional.ofNullable(leaderEndpoint).map(MemberEndpoint::idOf), voters, learners,
                report.getLog().getCommitIndex(), committed.getLogIndex(), terminated, removed,
                report.getLog().getLastSnapshotIndex(), report.getLog().getInstallSnapshotCount());
        MemberView previous = view;
        view = next;
        boolean leader = next.isLeader() && report.getRole() == RaftRole.LEADER;
        if (leader != wasLeader) {
            wasLeader = leader;
            if (leader) {
                long leadership = ++leaderships;
                graceOver = false;
                setup.scheduler().schedule(() -> {
                    if (leaderships == leadership) {
                        graceOver = true;
                    }
                }, ttlMillis);
            }
            long term = next.term();
            setup.callbacks().execute(() -> setup.listener().leadershipChanged(leader, term));
        }
        if (removed && !previous.removed()) {
            setup.callbacks().execute(() -> setup.listener().removedFromGroup());
        }
    }

    private static List<String> ids(Collection<RaftEndpoint> endpoints) {
        List<String> out = new ArrayList<>();
        endpoints.forEach(e -> out.add(MemberEndpoint.idOf(e)));
        out.sort(null);
        return out;
    }

    // ---- outcomes ----

    private static Outcome done(Object result) {
        return new Outcome.Done((Result) result);
    }

    private static Outcome writeFailure(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof NotLeaderException n) {
            return new Outcome.NotLeader(leaderOf(n));
        }
        if (e instanceof CannotReplicateException) {
            return new Outcome.Retry("the leader cannot take more writes now");
        }
        if (e instanceof IndeterminateStateException) {
            return new Outcome.Unknown("leadership changed before the write committed");
        }
        return new Outcome.Unknown(String.valueOf(e));
    }

    private static Outcome readFailure(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof NotLeaderException n) {
            return new Outcome.NotLeader(leaderOf(n));
        }
        if (e instanceof LaggingCommitIndexException || e instanceof CannotReplicateException) {
            return new Outcome.Retry("the member is catching up");
        }
        return new Outcome.Retry(String.valueOf(e));
    }

    private static Optional<String> leaderOf(RaftException e) {
        return Optional.ofNullable(e.getLeader()).map(MemberEndpoint::idOf);
    }
}

package io.pekonode.consensus.routing;

import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusTimeoutException;
import io.pekonode.consensus.NoLeaderException;
import io.pekonode.consensus.raft.GroupMember;
import io.pekonode.consensus.raft.Scheduler;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import io.pekonode.consensus.wire.CallMessage;
import io.pekonode.consensus.wire.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Routes calls from this node to the group. Targets, in order: the last leader heard of, the leader this
 * node's own member knows, any live voter. A member that is not the leader answers with its guess; a
 * member that accepted a call sends the outcome back later as a separate message.
 *
 * <p>A member that leaves a try unanswered for the try timeout (it died, or gossip has not noticed yet
 * that it did) is passed over and the call goes to another voter, so a call finds a newly elected leader
 * within its deadline. That is safe for reads, and for map writes because they travel as
 * {@link Operation.Once}: the state machine applies the first copy that commits and answers every
 * other copy with that copy's result. Lock operations are never sent twice; they wait for their answer.
 */
public final class CallRouter {

    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 200;

    private final String localId;
    private final Scheduler scheduler;
    private final CallTransport transport;
    private final Supplier<Optional<GroupMember>> localMember;
    private final Supplier<List<String>> voters;
    private final Random random;
    private final long tryTimeoutMillis;
    private final Map<Long, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCallId;
    private volatile String leaderHint;

    /**
     * @param voters     the voters gossip says are alive (this node's member included when it has one)
     * @param tryTimeout how long a try of a call that may be sent again waits for its answer before the call
     *                   goes to another voter (the election timeout: by then a dead leader has a successor)
     */
    public CallRouter(String localId, Scheduler scheduler, CallTransport transport,
                      Supplier<Optional<GroupMember>> localMember, Supplier<List<String>> voters, Random random,
                      Duration tryTimeout) {
        this.localId = localId;
        this.scheduler = scheduler;
        this.transport = transport;
        this.localMember = localMember;
        this.voters = voters;
        this.random = random;
        this.tryTimeoutMillis = Math.max(1, tryTimeout.toMillis());
        // Ids unique across restarts of this node, so a late result of a previous life matches nothing.
        this.nextCallId = new AtomicLong(random.nextLong() & 0x0FFF_FFFF_FFFF_FFFFL);
    }

    /** The leader as last learned from answers or from this node's own member. */
    public Optional<String> leaderHint() {
        Optional<String> own = localMember.get().flatMap(m -> m.view().leader());
        return own.isPresent() ? own : Optional.ofNullable(leaderHint);
    }

    /**
     * Runs {@code operation} on the group.
     *
     * @return completes with the state machine's answer, or exceptionally with {@link NoLeaderException}
     *         (nothing applied), {@link ConsensusTimeoutException} (outcome unknown for writes) or
     *         {@link ConsensusException} (rejected)
     */
    public CompletableFuture<Result> call(Operation operation, boolean stale, Duration timeout) {
        Attempt attempt = new Attempt(operation, stale, scheduler.nowMillis() + timeout.toMillis());
        scheduler.execute(attempt::next);
        return attempt.result;
    }

    /** A result sent back by the member that accepted a call. */
    public void onResult(CallMessage.CallResult result) {
        CompletableFuture<Outcome> waiting = pending.remove(result.callId());
        if (waiting != null) {
            waiting.complete(result.outcome());
        }
    }

    /** Fails every call waiting for a result (the node is closing). */
    public void failAll(ConsensusException cause) {
        pending.values().forEach(f -> f.completeExceptionally(cause));
        pending.clear();
    }

    private final class Attempt {
        final Operation operation;
        /** What goes on the wire: a map write carries the call's id, so that its copies are applied once. */
        final Operation sent;
        /** May go to another member while an earlier try is unanswered (reads, and map writes as {@link Operation.Once}). */
        final boolean resendable;
        /**
         * Members that left a try of this call unanswered, and until when they are passed over (while another
         * voter is alive), also when the others still name them as leader: two try timeouts, time for the
         * group to elect a successor of a dead leader; a leader that was only slow is then tried again.
         */
        final Map<String, Long> silentUntil = new java.util.HashMap<>();
        final boolean stale;
        final long deadline;
        final CompletableFuture<Result> result = new CompletableFuture<>();
        final boolean write;
        int tries;
        /** A write may have reached a member without an answer that says it was not applied: never send it again. */
        boolean maybeApplied;
        /** Writes handed to a member whose outcome is still awaited. */
        int openWrites;
        /** Why the call has no answer yet, for the failure at the deadline: what the last try ran into. */
        String lastProblem = "not tried";

        Attempt(Operation operation, boolean stale, long deadline) {
            this.operation = operation;
            this.stale = stale;
            this.deadline = deadline;
            this.write = !operation.readOnly();
            this.sent = Operation.Once.applies(operation)
                    ? new Operation.Once(localId, nextCallId.incrementAndGet(), operation) : operation;
            this.resendable = operation.readOnly() || sent instanceof Operation.Once;
        }

        void next() {
            if (result.isDone()) {
                return;
            }
            long remaining = deadline - scheduler.nowMillis();
            if (remaining <= 0) {
                expire();
                return;
            }
            Optional<String> target = target();
            if (target.isEmpty()) {
                lastProblem = "no live voter known (the group forms once the expected voters have seen each other)";
                retryLater();
                return;
            }
            tries++;
            String to = target.get();
            // Until the try is answered: a deadline passing now must not name an older problem (it once said
            // "no voter known yet" for a write already sent, whose outcome is indeed unknown).
            lastProblem = "sent to voter " + to + ", no answer yet";
            Optional<GroupMember> local = localMember.get();
            if (to.equals(localId) && local.isPresent()) {
                if (write) {
                    openWrites++;
                }
                scheduler.schedule(this::expire, remaining);
                local.get().callOnRaftThread(sent, stale).whenComplete((outcome, error) ->
                        handle(to, error == null ? outcome : new Outcome.Unknown(String.valueOf(error)), write));
                return;
            }
            long callId = nextCallId.incrementAndGet();
            CompletableFuture<Outcome> outcome = new CompletableFuture<>();
            pending.put(callId, outcome);
            // A write counts as open from the moment it leaves: a lost answer leaves its fate unknown.
            boolean[] opened = {write};
            if (write) {
                openWrites++;
            }
            outcome.whenComplete((o, e) -> {
                pending.remove(callId);
                if (o != null) {
                    handle(to, o, opened[0]);
                }
            });
            scheduler.schedule(() -> {
                if (!outcome.isDone()) {
                    outcome.complete(null);
                    pending.remove(callId);
                    expire();
                }
            }, remaining);
            if (resendable && tryTimeoutMillis < remaining) {
                scheduler.schedule(() -> {
                    if (!outcome.isDone()) {
                        // Unanswered: the member may be dead. A copy it took may still commit (Once covers that).
                        outcome.complete(null);
                        pending.remove(callId);
                        if (opened[0]) {
                            opened[0] = false;
                            openWrites--;
                            maybeApplied = true;
                        }
                        passOver(to, "sent to voter " + to + ", no answer within " + tryTimeoutMillis + " ms");
                    }
                }, tryTimeoutMillis);
            }
            transport.send(to, new CallMessage.Call(callId, sent, stale), Duration.ofMillis(remaining))
                    .whenComplete((ack, error) -> scheduler.execute(() -> {
                        if (outcome.isDone()) {
                            return;
                        }
                        if (error != null) {
                            boolean notSent = unwrap(error) instanceof CallTransport.NotSentException;
                            if (notSent || resendable) {
                                if (opened[0]) {
                                    opened[0] = false;
                                    openWrites--;
                                    maybeApplied |= !notSent;
                                }
                                pending.remove(callId);
                                outcome.complete(null);
                                passOver(to, "voter " + to + " unreachable: " + unwrap(error).getMessage());
                            } else {
                                // It may have arrived and been accepted: wait for a result until the deadline.
                                maybeApplied = true;
                                lastProblem = "no answer from " + to;
                            }
                        } else if (!ack.accepted()) {
                            pending.remove(callId);
                            outcome.complete(ack.immediate());
                        }
                    }));
        }

        /** @param opened a write that counted in {@link #openWrites}: a NotLeader or Retry says it was not applied */
        void handle(String from, Outcome outcome, boolean opened) {
            scheduler.execute(() -> {
                if (opened) {
                    if (outcome instanceof Outcome.NotLeader || outcome instanceof Outcome.Retry) {
                        openWrites--;
                    } else {
                        maybeApplied = true;
                    }
                }
                if (result.isDone()) {
                    return;
                }
                if (outcome instanceof Outcome.Done done) {
                    if (!stale) {
                        leaderHint = from;
                    }
                    result.complete(done.result());
                } else if (outcome instanceof Outcome.NotLeader notLeader) {
                    Optional<String> hint = notLeader.leader().filter(l -> !l.equals(from))
                            .filter(l -> !silentUntil.containsKey(l) || silentUntil.get(l) <= scheduler.nowMillis());
                    leaderHint = hint.orElse(null);
                    lastProblem = from + " is not the leader" + hint.map(h -> " (it points at " + h + ")").orElse(
                            " and knows no leader");
                    if (hint.isPresent() && tries < 3) {
                        next();
                    } else {
                        retryLater();
                    }
                } else if (outcome instanceof Outcome.Retry retry) {
                    lastProblem = from + ": " + retry.reason();
                    retryLater();
                } else if (outcome instanceof Outcome.Unknown unknown && resendable) {
                    // Leadership changed before the copy committed: it may still commit, and Once covers that.
                    lastProblem = from + ": " + unknown.reason();
                    retryLater();
                } else if (outcome instanceof Outcome.Unknown unknown) {
                    result.completeExceptionally(new ConsensusTimeoutException(describe() + ": " + unknown.reason()
                            + "; it may or may not have been applied", true));
                } else if (outcome instanceof Outcome.Rejected rejected) {
                    result.completeExceptionally(new ConsensusException(describe() + " was refused: " + rejected.reason()));
                }
            });
        }

        void retryLater() {
            long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(5, tries));
            long delay = backoff / 2 + random.nextInt((int) backoff / 2 + 1);
            long remaining = deadline - scheduler.nowMillis();
            if (remaining <= 0) {
                expire();
                return;
            }
            scheduler.schedule(this::next, Math.min(delay, remaining));
        }

        void expire() {
            if (result.isDone()) {
                return;
            }
            if (maybeApplied || openWrites > 0) {
                result.completeExceptionally(new ConsensusTimeoutException(describe() + " got no answer in time ("
                        + lastProblem + "); it may or may not have been applied", true));
            } else {
                result.completeExceptionally(new NoLeaderException("no leader answered " + describe() + " in time ("
                        + lastProblem + ")"));
            }
        }

        /** Passes over a member that failed a try, and tries again elsewhere after a short backoff. */
        void passOver(String member, String problem) {
            silentUntil.put(member, scheduler.nowMillis() + 2 * tryTimeoutMillis);
            forget(member);
            lastProblem = problem;
            retryLater();
        }

        Optional<String> target() {
            List<String> live = voters.get();
            long now = scheduler.nowMillis();
            silentUntil.values().removeIf(until -> until <= now);
            if (!silentUntil.isEmpty()) {
                List<String> answering = live.stream().filter(v -> !silentUntil.containsKey(v)).toList();
                if (!answering.isEmpty()) {
                    live = answering;
                }
            }
            if (stale) {
                if (localMember.get().isPresent()) {
                    return Optional.of(localId);
                }
                return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
            }
            Optional<String> hint = leaderHint();
            if (hint.isPresent() && (live.contains(hint.get()) || hint.get().equals(localId))) {
                return hint;
            }
            return live.isEmpty() ? Optional.empty() : Optional.of(live.get(random.nextInt(live.size())));
        }

        void forget(String member) {
            if (member.equals(leaderHint)) {
                leaderHint = null;
            }
        }

        String describe() {
            return operation.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}

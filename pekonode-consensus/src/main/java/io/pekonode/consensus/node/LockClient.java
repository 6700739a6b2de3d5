package io.pekonode.consensus.node;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusLimitException;
import io.pekonode.consensus.ConsensusTimeoutException;
import io.pekonode.consensus.Lease;
import io.pekonode.consensus.NoLeaderException;
import io.pekonode.consensus.raft.Scheduler;
import io.pekonode.consensus.state.Operation;
import io.pekonode.consensus.state.Result;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Acquires locks for this node and keeps its leases renewed. Each acquisition has its own holder name
 * (node id and a counter), so two leases of one node are as distinct as leases of two nodes.
 */
final class LockClient {

    private final ConsensusService service;
    private final ConsensusConfig config;
    private final Scheduler scheduler;
    private final AtomicLong counter = new AtomicLong();
    private final Set<LeaseHandle> held = ConcurrentHashMap.newKeySet();

    LockClient(ConsensusService service, ConsensusConfig config, Scheduler scheduler) {
        this.service = service;
        this.config = config;
        this.scheduler = scheduler;
    }

    /** Completes with the lease; with empty when {@code waitForIt} is false and someone else holds it. */
    CompletableFuture<Optional<Lease>> acquire(String name, Duration wait, boolean waitForIt) {
        if (name == null || name.isEmpty() || name.length() > config.maxLockNameLength()) {
            return CompletableFuture.failedFuture(new ConsensusLimitException("a lock name must be 1.."
                    + config.maxLockNameLength() + " characters, not " + (name == null ? "null" : name.length())));
        }
        String holder = service.localId() + "#" + counter.incrementAndGet();
        long deadline = scheduler.nowMillis() + wait.toMillis();
        CompletableFuture<Optional<Lease>> out = new CompletableFuture<>();
        attempt(name, holder, deadline, waitForIt, out);
        return out;
    }

    private void attempt(String name, String holder, long deadline, boolean waitForIt,
                         CompletableFuture<Optional<Lease>> out) {
        long sentAt = scheduler.nowMillis();
        Countdown countdown = new Countdown();
        service.call(new Operation.Acquire(name, holder), false, service.requestTimeout()).whenComplete((result, error) -> {
            long remaining = deadline - scheduler.nowMillis();
            if (error != null) {
                // No leader yet, or a new one still in its grace time: nothing was granted, so waiting on is safe.
                if (waitForIt && remaining > 0 && cause(error) instanceof NoLeaderException) {
                    scheduler.schedule(() -> attempt(name, holder, deadline, true, out), pause(remaining));
                } else {
                    out.completeExceptionally(error);
                }
            } else if (result instanceof Result.Granted granted) {
                LeaseHandle lease = new LeaseHandle(name, granted.token(), sentAt, countdown);
                held.add(lease);
                lease.scheduleRenewal();
                out.complete(Optional.of(lease));
            } else if (result instanceof Result.Held other) {
                if (!waitForIt) {
                    out.complete(Optional.empty());
                } else if (remaining <= 0) {
                    out.completeExceptionally(new ConsensusTimeoutException("lock '" + name + "' is still held by "
                            + other.holder() + " (token " + other.token() + ")", false));
                } else {
                    scheduler.schedule(() -> attempt(name, holder, deadline, true, out), pause(remaining));
                }
            } else {
                out.completeExceptionally(new ConsensusException("unexpected answer to a lock request: " + result));
            }
        });
    }

    private long pause(long remaining) {
        return Math.min(remaining, Math.max(10, config.heartbeatInterval().toMillis()));
    }

    private static Throwable cause(Throwable e) {
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    void closeAll() {
        held.forEach(h -> h.lose(false));
        held.clear();
    }

    /**
     * A timer of one lease time, started as a request leaves: a lease ends when the countdown of its last
     * successful request runs out, however the clock's reading moves meanwhile (a reading that jumps back
     * would otherwise stretch the lease past the leader's own countdown).
     */
    private final class Countdown {
        private volatile boolean over;

        Countdown() {
            scheduler.schedule(() -> over = true, config.lockTtl().toMillis());
        }
    }

    /**
     * A granted lease: renewed every third of the TTL while valid. Valid while both its countdown runs and
     * the clock's reading is before its end (the reading catches a pause the timer has not yet seen).
     */
    private final class LeaseHandle implements Lease {
        private final String name;
        private final long token;
        private final CompletableFuture<Void> lost = new CompletableFuture<>();
        private volatile long validUntil;
        private volatile Countdown countdown;
        private volatile boolean ended;

        LeaseHandle(String name, long token, long requestedAt, Countdown countdown) {
            this.name = name;
            this.token = token;
            this.countdown = countdown;
            // Counted from when the request left, so this side gives up before the leader frees the lock.
            this.validUntil = requestedAt + config.lockTtl().toMillis();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public boolean isValid() {
            return !ended && !expired();
        }

        private boolean expired() {
            return countdown.over || scheduler.nowMillis() >= validUntil;
        }

        @Override
        public void onLost(Runnable action) {
            lost.thenRun(() -> service.events().execute(action));
        }

        void scheduleRenewal() {
            scheduler.schedule(this::renew, Math.max(1, config.lockTtl().toMillis() / 3));
        }

        private void renew() {
            if (ended) {
                return;
            }
            if (expired()) {
                lose(true);
                return;
            }
            long sentAt = scheduler.nowMillis();
            Countdown next = new Countdown();
            Duration timeout = Duration.ofMillis(Math.max(1, validUntil - sentAt));
            service.call(new Operation.Renew(name, token), false, timeout).whenComplete((result, error) -> {
                if (ended) {
                    return;
                }
                if (error == null && result instanceof Result.Held h && h.token() == token) {
                    validUntil = sentAt + config.lockTtl().toMillis();
                    countdown = next;
                    scheduleRenewal();
                } else if (error == null) {
                    lose(true); // freed by a new leader or by expiry, or granted to someone else
                } else if (expired()) {
                    lose(true);
                } else {
                    scheduler.schedule(this::renew, Math.max(1, config.heartbeatInterval().toMillis()));
                }
            });
        }

        void lose(boolean notify) {
            if (ended) {
                return;
            }
            ended = true;
            held.remove(this);
            if (notify) {
                lost.complete(null);
            }
        }

        @Override
        public CompletableFuture<Void> releaseAsync() {
            if (ended) {
                return CompletableFuture.completedFuture(null);
            }
            ended = true;
            held.remove(this);
            return service.call(new Operation.Release(name, token), false, service.requestTimeout())
                    .handle((r, e) -> null);
        }

        @Override
        public void close() {
            releaseAsync().join();
        }

        @Override
        public String toString() {
            return "Lease[" + name + ", token=" + token + (isValid() ? "" : ", ended") + "]";
        }
    }
}

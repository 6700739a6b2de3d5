package io.pekonode.consensus;

/**
 * A held lock. While valid, no other holder was granted the same lock after it, as judged by the
 * fencing token: pass {@link #fencingToken()} to whatever the lock protects and have it refuse
 * tokens lower than the highest it has seen, since a paused or cut-off holder may still believe it
 * holds a lease the group already gave to someone else.
 *
 * <p>The module renews the lease in the background. It ends on {@link #close()} (released), when the
 * leader changes (every lock is released with the new term), or when renewals fail for longer than
 * the lease time-to-live; {@link #onLost} tells about the last two.
 *
 * <p>{@link #isValid()} is safe to act on without a fencing check as long as clocks run at the same
 * rate: the holder counts its lease from when it sent its last successful renewal, the leader from
 * when it received it, and a new leader grants no lock for one lease time after its election. A
 * process paused longer than that (a GC pause, a frozen VM) can still act late, which is what the
 * fencing token is for.
 */
public interface Lease extends AutoCloseable {

    /** The lock's name. */
    String name();

    /** Grows with every grant of any lock: the Raft log position of this grant. */
    long fencingToken();

    /** False once the lease was released, lost to a leader change, or expired locally. */
    boolean isValid();

    /**
     * Runs {@code action} once (on the module's event thread) when the lease is lost rather than
     * released by {@link #close()}; at once if it already was.
     */
    void onLost(Runnable action);

    /**
     * Stops renewing and releases the lock; completes when the group freed it (or at once when the lease
     * was already lost). A release that fails leaves the lock to expire with the lease.
     */
    java.util.concurrent.CompletableFuture<Void> releaseAsync();

    /** Releases the lock, waiting for {@link #releaseAsync()} (bounded by the request timeout); never throws. */
    @Override
    void close();
}

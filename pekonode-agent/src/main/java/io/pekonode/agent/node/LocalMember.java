package io.pekonode.agent.node;

import io.pekonode.api.Cluster;
import io.pekonode.api.Member;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the local member right after {@code start()}. The engine publishes its first view from its
 * event loop, so for a moment after {@code start()} returns {@code localMember()} may still throw.
 */
public final class LocalMember {

    private static final Duration STEP = Duration.ofMillis(5);

    private LocalMember() {
    }

    /**
     * @throws IllegalStateException with the engine's last message when no view appears in time
     */
    public static Member await(Cluster cluster, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return cluster.localMember();
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the node did not come up within " + timeout.toMillis()
                            + " ms: " + e.getMessage(), e);
                }
                LockSupport.parkNanos(STEP.toNanos());
            }
        }
    }
}

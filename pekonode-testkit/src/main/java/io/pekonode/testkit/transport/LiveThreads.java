package io.pekonode.testkit.transport;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Which threads a transport left running. The JDK's shared threads (the system group, the common
 * fork-join pool, the scheduler behind {@code CompletableFuture.orTimeout}) start lazily on first
 * use and never end; they belong to no transport and are left out.
 */
final class LiveThreads {

    private final Set<Thread> before;

    private LiveThreads(Set<Thread> before) {
        this.before = before;
    }

    static LiveThreads snapshot() {
        return new LiveThreads(new HashSet<>(Thread.getAllStackTraces().keySet()));
    }

    /** Names of the threads alive now that were not alive at the snapshot. */
    List<String> startedSince() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> !sharedByTheJdk(t))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    private static boolean sharedByTheJdk(Thread thread) {
        if (thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
            return true;
        }
        ThreadGroup group = thread.getThreadGroup();
        return group == null || group.getParent() == null || group.getName().equals("InnocuousThreadGroup")
                || thread.getName().equals("CompletableFutureDelayScheduler");
    }
}

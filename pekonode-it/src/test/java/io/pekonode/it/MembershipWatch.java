package io.pekonode.it;

import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.Fleet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Reads every running node's member list in the background, every {@link #PERIOD_MS} ms, and
 * records each sighting of a node seen as two members: an id outside the expected set (a node that
 * came back under a new identity), or a name listed by two entries that are ALIVE or SUSPECT. A node
 * that does not answer (it is being restarted) is skipped for that round.
 */
final class MembershipWatch implements AutoCloseable {

    private static final long PERIOD_MS = 200;

    private final Fleet fleet;
    private final Set<String> expectedIds;
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger views = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "membership-watch");
        t.setDaemon(true);
        return t;
    });

    private MembershipWatch(Fleet fleet, Set<String> expectedIds) {
        this.fleet = fleet;
        this.expectedIds = Set.copyOf(expectedIds);
    }

    static MembershipWatch start(Fleet fleet, Set<String> expectedIds) {
        MembershipWatch watch = new MembershipWatch(fleet, expectedIds);
        watch.poller.scheduleWithFixedDelay(watch::pollOnce, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void pollOnce() {
        for (AgentNode observer : fleet.nodes()) {
            List<MemberView> members;
            try {
                members = observer.api().members();
            } catch (IOException | RuntimeException e) {
                unanswered.incrementAndGet();
                continue;
            }
            views.incrementAndGet();
            check(observer.alias(), members);
        }
    }

    private void check(String observer, List<MemberView> members) {
        for (MemberView m : members) {
            if (!expectedIds.contains(m.id())) {
                violation(observer + " lists an unknown id: " + m + " in " + members);
            }
        }
        Map<String, Set<String>> liveIdsByName = members.stream()
                .filter(m -> m.isAlive() || "SUSPECT".equals(m.state()))
                .collect(Collectors.groupingBy(MemberView::name, Collectors.mapping(MemberView::id, Collectors.toSet())));
        liveIdsByName.forEach((name, ids) -> {
            if (ids.size() > 1) {
                violation(observer + " lists " + name + " as two live members " + ids + ": " + members);
            }
        });
    }

    private synchronized void violation(String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Member lists read and checked so far. */
    int views() {
        return views.get();
    }

    /** Polls of a node that did not answer (normally the one being restarted). */
    int unanswered() {
        return unanswered.get();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

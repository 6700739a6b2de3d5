package io.pekonode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterExtension;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.DockerCluster;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4: a node frozen with {@code docker pause} for longer than the suspicion timeout is
 * declared dead; unpaused, it refutes and is alive everywhere again, under its old id, with no
 * ghost entry.
 */
class PauseRefuteIT {

    static final int SIZE = 5;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.udp(SIZE);

    @Test
    void aPausedNodeIsDeclaredDeadThenRefutesAndIsAliveEverywhereWithoutAGhost() throws Exception {
        DockerCluster cluster = CLUSTER.cluster();
        Await.until("the cluster has formed", CLUSTER.bounds().formation(), cluster::views,
                view -> view.allAliveWithSize(SIZE));
        ClusterView before = cluster.views();
        Set<String> ids = before.of("node1").stream().map(MemberView::id).collect(Collectors.toSet());
        AgentNode victim = cluster.node(4);
        String victimId = before.selfId(victim.alias());
        long incarnationBefore = incarnationOf(before.of(victim.alias()), victimId);
        List<AgentNode> others = cluster.nodesExcept(victim);

        Duration deadBound = CLUSTER.bounds().failureDetection();
        Duration pausedFor;
        long pausedAt = System.nanoTime();
        victim.pause();
        try {
            Duration dead = Await.until("the other four list the paused " + victim + " as DEAD", deadBound,
                    () -> cluster.views(others), view -> view.allSee(victimId, "DEAD"));
            Timings.record("udp: paused node DEAD at all 4 others", dead, deadBound);
        } finally {
            pausedFor = Duration.ofNanos(System.nanoTime() - pausedAt);
            victim.unpause();
        }
        assertTrue(pausedFor.compareTo(CLUSTER.bounds().minSuspicion()) > 0,
                "paused longer than the suspicion timeout: " + pausedFor);

        Duration refuteBound = CLUSTER.bounds().refutation();
        Duration back = Await.until("all five list exactly five ALIVE members, one per id", refuteBound,
                cluster::views, view -> view.allAliveWithSize(SIZE));
        Timings.record("udp: unpaused node refuted, ALIVE at all 5 (paused " + pausedFor.toMillis() + " ms)",
                back, refuteBound);

        ClusterView after = cluster.views();
        for (AgentNode observer : cluster.nodes()) {
            List<MemberView> members = after.of(observer.alias());
            assertEquals(ids, members.stream().map(MemberView::id).collect(Collectors.toSet()),
                    observer + " lists the same ids as before the pause (no ghost, no new identity)");
        }
        // The way back from DEAD is a refutation: the others must hold a higher incarnation than before.
        for (AgentNode observer : others) {
            List<MemberView> members = after.of(observer.alias());
            assertTrue(incarnationOf(members, victimId) > incarnationBefore,
                    observer + " saw the refutation (a higher incarnation) of " + victim + ": " + members);
        }
    }

    private static long incarnationOf(List<MemberView> members, String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not listed in " + members)).incarnation();
    }
}

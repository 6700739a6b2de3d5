package io.pekonode.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterExtension;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.DockerCluster;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 8: {@code POST /v1/leave}, then the container is stopped; the others report LEFT, never DEAD. */
class GracefulLeaveIT {

    static final int SIZE = 5;

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.udp(SIZE);

    @Test
    void aNodeThatLeavesGracefullyIsReportedLeftAndNeverDead() throws Exception {
        DockerCluster cluster = CLUSTER.cluster();
        Await.until("the cluster has formed", CLUSTER.bounds().formation(), cluster::views,
                view -> view.allAliveWithSize(SIZE));
        AgentNode leaver = cluster.node(SIZE);
        String leaverId = cluster.views().selfId(leaver.alias());
        List<AgentNode> others = cluster.nodesExcept(leaver);

        Set<String> reportedDead = ConcurrentHashMap.newKeySet();
        Duration bound = CLUSTER.bounds().leaveSpread();
        long leftAt = System.nanoTime();
        leaver.api().leave();
        Await.until("the other four list " + leaver + " as LEFT", bound, () -> {
            ClusterView view = cluster.views(others);
            view.statesOf(leaverId).forEach((observer, state) -> {
                if (state.filter("DEAD"::equals).isPresent()) {
                    reportedDead.add(observer);
                }
            });
            return view;
        }, view -> view.allSee(leaverId, "LEFT"));
        Duration took = Duration.ofNanos(System.nanoTime() - leftAt);
        Timings.record("udp: graceful leave (POST /v1/leave) LEFT at all 4 others", took, bound);
        assertTrue(reportedDead.isEmpty(), "a node that left was reported DEAD by " + reportedDead);

        // With its process gone, a node still probed like a member would be suspected and expire in this time.
        leaver.stop();
        Await.holds(leaver + " stays LEFT, not DEAD, at the other four", CLUSTER.bounds().leftStaysLeft(),
                () -> cluster.views(others), view -> view.allSee(leaverId, "LEFT"));
    }
}

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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Scenario 3: {@code docker kill} one node; the other four mark it dead within the predicted bound. */
abstract class CrashScenarios {

    static final int SIZE = 5;

    abstract ClusterExtension extension();

    @Test
    void aKilledNodeIsMarkedDeadByTheOtherFourWithinTheDetectionBound() throws Exception {
        DockerCluster cluster = extension().cluster();
        Await.until("the cluster has formed", extension().bounds().formation(), cluster::views,
                view -> view.allAliveWithSize(SIZE));
        AgentNode victim = cluster.node(SIZE);
        String victimId = cluster.views().selfId(victim.alias());
        List<AgentNode> survivors = cluster.nodesExcept(victim);

        Duration bound = extension().bounds().confirmedCrashDetection();
        Map<String, Duration> firstDead = new ConcurrentHashMap<>();
        Set<String> reportedLeft = ConcurrentHashMap.newKeySet();
        long killedAt = System.nanoTime();
        victim.kill();
        Await.until("the other four list " + victim + " as DEAD", bound, () -> {
            ClusterView view = cluster.views(survivors);
            view.statesOf(victimId).forEach((observer, state) -> {
                if (state.filter("DEAD"::equals).isPresent()) {
                    firstDead.putIfAbsent(observer, Duration.ofNanos(System.nanoTime() - killedAt));
                }
                if (state.filter("LEFT"::equals).isPresent()) {
                    reportedLeft.add(observer);
                }
            });
            return view;
        }, view -> view.allSee(victimId, "DEAD"));

        Duration slowest = firstDead.values().stream().max(Duration::compareTo).orElseThrow();
        Timings.record(cluster.transport() + ": killed node DEAD at all 4 survivors " + millis(firstDead), slowest, bound);
        assertTrue(reportedLeft.isEmpty(), "a killed node is a failure, never a departure: " + reportedLeft);
        ClusterView after = cluster.views(survivors);
        for (AgentNode observer : survivors) {
            for (AgentNode other : survivors) {
                String otherId = after.selfId(other.alias());
                assertTrue(after.statesOf(otherId).get(observer.alias()).filter("ALIVE"::equals).isPresent(),
                        observer + " still sees survivor " + other + " ALIVE: " + after);
            }
        }
    }

    private static Map<String, Long> millis(Map<String, Duration> times) {
        Map<String, Long> ms = new TreeMap<>();
        times.forEach((k, v) -> ms.put(k, v.toMillis()));
        return ms;
    }
}

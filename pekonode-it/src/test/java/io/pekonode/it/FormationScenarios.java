package io.pekonode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterExtension;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.DockerCluster;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scenarios 1 and 2: five containers form one cluster through one seed, and a metadata write on
 * one node is read on all five. Subclasses pick the transport.
 */
abstract class FormationScenarios {

    static final int SIZE = 5;

    abstract ClusterExtension extension();

    @Test
    void fiveNodesJoinedThroughOneSeedAllSeeFiveAliveMembers() throws Exception {
        DockerCluster cluster = extension().cluster();
        Duration bound = extension().bounds().formation();
        Duration took = Await.until("every node lists " + SIZE + " distinct ALIVE members", bound,
                cluster::views, view -> view.allAliveWithSize(SIZE));
        Timings.record(cluster.transport() + ": " + SIZE + " nodes converge after the containers started", took, bound);

        ClusterView view = cluster.views();
        Set<String> names = view.of("node1").stream().map(MemberView::name).collect(Collectors.toSet());
        assertEquals(Set.of("node1", "node2", "node3", "node4", "node5"), names, "member names are the aliases");
        Set<String> ids = view.of("node1").stream().map(MemberView::id).collect(Collectors.toSet());
        for (AgentNode node : cluster.nodes()) {
            Set<String> seen = view.of(node.alias()).stream().map(MemberView::id).collect(Collectors.toSet());
            assertEquals(ids, seen, node + " agrees with node1 on the member ids");
            assertEquals(node.alias() + ":7946",
                    view.of(node.alias()).stream().filter(m -> m.name().equals(node.alias())).findFirst()
                            .orElseThrow().address(),
                    node + " advertises its alias, not a container-internal address");
        }
    }

    @Test
    void aMetadataWriteOnOneNodeIsReadOnAllFive() throws Exception {
        DockerCluster cluster = extension().cluster();
        Await.until("the cluster has formed", extension().bounds().formation(), cluster::views,
                view -> view.allAliveWithSize(SIZE));

        String key = "config-" + cluster.transport();
        String value = "written on node3 over " + cluster.transport();
        cluster.node(3).api().put(key, value);

        Duration bound = extension().bounds().metadataSpread();
        Duration took = Duration.ZERO;
        for (AgentNode node : cluster.nodes()) {
            Duration t = Await.until(node + " reads " + key, bound.minus(took), () -> node.api().get(key),
                    Optional.of(value)::equals);
            took = took.plus(t);
        }
        Timings.record(cluster.transport() + ": metadata write readable on all " + SIZE + " nodes", took, bound);
        assertEquals(Optional.empty(), cluster.node(5).api().get("never-written"), "absent keys stay absent");
    }
}

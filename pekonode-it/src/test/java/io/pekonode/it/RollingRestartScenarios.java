package io.pekonode.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.it.client.MemberView;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.ClusterView;
import io.pekonode.it.cluster.Fleet;
import io.pekonode.it.cluster.FleetExtension;
import io.pekonode.it.cluster.NodeSpec;
import io.pekonode.it.cluster.ProtocolBounds;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.support.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 6: five agents keep their data directories on Docker volumes. Each is stopped
 * ({@code docker stop}: it leaves and saves its state) and replaced by a new container with the same
 * alias, volume and flags (its seeds become the other four), one at a time, the next only once it is
 * ALIVE everywhere again. Ids and metadata (a removed key included) survive, and no node is ever
 * seen as two members meanwhile.
 */
abstract class RollingRestartScenarios {

    static final int SIZE = 5;
    private static final ProtocolBounds BOUNDS = ProtocolBounds.forCluster(SIZE);
    /** What the cluster holds after the writes below, "retired" having been removed again. */
    private static final Map<String, String> METADATA = new TreeMap<>(Map.of(
            "color", "blue", "owner", "team-ops", "region", "eu-west-1"));

    abstract FleetExtension extension();

    @Test
    void restartingEveryNodeInTurnKeepsIdsMetadataAndMembershipAndNeverShowsANodeTwice() throws Exception {
        Fleet fleet = extension().fleet();
        List<String> aliases = IntStream.rangeClosed(1, SIZE).mapToObj(i -> "node" + i).toList();
        List<NodeSpec> specs = new ArrayList<>();
        for (String alias : aliases) {
            NodeSpec spec = NodeSpec.of(alias).withDataVolume(fleet.createVolume(alias + "-data"));
            specs.add(alias.equals("node1") ? spec.bootstrapping() : spec.joining(List.of("node1")));
        }
        fleet.start(specs.get(0));
        fleet.startAll(specs.subList(1, SIZE));
        Await.until("the cluster has formed", BOUNDS.formation(), () -> fleet.views(fleet.nodes()),
                view -> view.allAliveWithSize(SIZE));

        ClusterView formed = fleet.views(fleet.nodes());
        Map<String, String> idByAlias = new LinkedHashMap<>();
        aliases.forEach(alias -> idByAlias.put(alias, formed.selfId(alias)));
        Set<String> ids = Set.copyOf(idByAlias.values());
        assertEquals(SIZE, ids.size(), "five distinct ids: " + idByAlias);

        writeMetadata(fleet);

        Duration rollBound = BOUNDS.formation();
        long rollStart = System.nanoTime();
        MembershipWatch watch = MembershipWatch.start(fleet, ids);
        try {
            for (String alias : aliases) {
                restartAndAwaitAliveEverywhere(fleet, alias, idByAlias, rollBound);
            }
        } finally {
            watch.close();
        }
        assertEquals(List.of(), watch.violations(), "a node was seen as two members during the roll");
        assertTrue(watch.views() >= SIZE * SIZE, "the watch read member lists throughout the roll: " + watch.views());
        Timings.record(fleet.transport() + ": rolling restart of 5 (" + watch.views() + " member lists checked, "
                + watch.unanswered() + " polls of a stopped node)",
                Duration.ofNanos(System.nanoTime() - rollStart), rollBound.multipliedBy(SIZE));

        ClusterView after = fleet.views(fleet.nodes());
        for (String alias : aliases) {
            assertEquals(ids, after.of(alias).stream().map(MemberView::id).collect(Collectors.toSet()),
                    alias + " lists the original five ids after the roll");
        }
        for (AgentNode node : fleet.nodes()) {
            assertEquals(METADATA, node.api().all(), node + " holds the metadata written before the roll");
        }
    }

    /** Writes on several nodes, removes one key again, and waits until all five hold the same map. */
    private static void writeMetadata(Fleet fleet) throws Exception {
        fleet.node("node1").api().put("color", "blue");
        fleet.node("node2").api().put("owner", "team-ops");
        fleet.node("node3").api().put("region", "eu-west-1");
        fleet.node("node4").api().put("retired", "soon gone");
        Duration spreadBound = BOUNDS.metadataSpread();
        AgentNode remover = fleet.node("node5");
        Await.until("node5 reads the key it is about to remove", spreadBound, () -> remover.api().get("retired"),
                Optional.of("soon gone")::equals);
        remover.api().delete("retired");
        Duration spread = Await.until("all five hold the same metadata, without the removed key", spreadBound,
                () -> metadataByNode(fleet), byNode -> byNode.values().stream().allMatch(METADATA::equals));
        Timings.record(fleet.transport() + ": metadata (3 keys + a removal) on all 5 before the roll", spread, spreadBound);
    }

    /**
     * Stops {@code alias} and starts it again, joining through the other four (the first node
     * bootstrapped the cluster, so its own flags name no seed). Then waits until every node lists the
     * original five ids ALIVE, the restarted one above the incarnation it had before: only the new
     * process can be that, so stale "still alive" entries do not count as back.
     */
    private static void restartAndAwaitAliveEverywhere(Fleet fleet, String alias, Map<String, String> idByAlias,
                                                       Duration bound) throws Exception {
        String id = idByAlias.get(alias);
        Set<String> ids = Set.copyOf(idByAlias.values());
        long incarnationBefore = maxIncarnation(fleet.views(fleet.nodes()), id);
        List<String> others = idByAlias.keySet().stream().filter(a -> !a.equals(alias)).toList();

        long begin = System.nanoTime();
        AgentNode fresh = fleet.restart(fleet.node(alias), spec -> spec.joining(others));
        assertEquals(METADATA, fresh.api().all(), alias + " holds the metadata as soon as it is up again");
        Duration back = Await.until(alias + " restarted: all five list the original ids ALIVE, " + alias
                        + " above incarnation " + incarnationBefore, bound, () -> fleet.views(fleet.nodes()),
                view -> view.allAliveWithSize(SIZE)
                        && view.byObserver().values().stream().allMatch(members ->
                                members.stream().map(MemberView::id).collect(Collectors.toSet()).equals(ids))
                        && minIncarnation(view, id) > incarnationBefore);
        assertEquals(id, fleet.views(List.of(fresh)).selfId(alias), alias + " kept its node id across the restart");
        Timings.record(fleet.transport() + ": " + alias + " restarted (stop + new container), ALIVE at all 5 under its old id",
                Duration.ofNanos(System.nanoTime() - begin), bound);
    }

    private static long maxIncarnation(ClusterView view, String id) {
        return incarnations(view, id).stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static long minIncarnation(ClusterView view, String id) {
        return incarnations(view, id).stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
    }

    private static List<Long> incarnations(ClusterView view, String id) {
        return view.byObserver().values().stream().flatMap(List::stream).filter(m -> m.id().equals(id))
                .map(MemberView::incarnation).toList();
    }

    private static Map<String, Map<String, String>> metadataByNode(Fleet fleet) throws Exception {
        Map<String, Map<String, String>> byNode = new LinkedHashMap<>();
        for (AgentNode node : fleet.nodes()) {
            byNode.put(node.alias(), node.api().all());
        }
        return byNode;
    }
}

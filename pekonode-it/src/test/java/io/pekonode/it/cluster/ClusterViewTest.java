package io.pekonode.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.it.client.MemberView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The container tests' verdicts rest on these checks, so they must reject what they claim to reject. */
class ClusterViewTest {

    private static MemberView member(String id, String state) {
        return new MemberView(id, "node-" + id, "node-" + id + ":7946", state, 0, Map.of());
    }

    @Test
    void allAliveRequiresTheExactSizeDistinctIdsAndOnlyAliveEntries() {
        List<MemberView> healthy = List.of(member("a", "ALIVE"), member("b", "ALIVE"));
        assertTrue(new ClusterView(Map.of("x", healthy, "y", healthy)).allAliveWithSize(2));

        assertFalse(new ClusterView(Map.of("x", healthy)).allAliveWithSize(3), "a missing member");
        List<MemberView> ghost = List.of(member("a", "ALIVE"), member("b", "ALIVE"), member("c", "DEAD"));
        assertFalse(new ClusterView(Map.of("x", ghost)).allAliveWithSize(3), "a dead ghost entry");
        List<MemberView> twice = List.of(member("a", "ALIVE"), member("a", "ALIVE"));
        assertFalse(new ClusterView(Map.of("x", twice)).allAliveWithSize(2), "one id listed twice");
        List<MemberView> suspect = List.of(member("a", "ALIVE"), member("b", "SUSPECT"));
        assertFalse(new ClusterView(Map.of("x", healthy, "y", suspect)).allAliveWithSize(2), "one observer disagrees");
    }

    @Test
    void allSeeFailsWhenAnyObserverLacksTheMemberOrDisagreesOnItsState() {
        List<MemberView> dead = List.of(member("a", "ALIVE"), member("b", "DEAD"));
        List<MemberView> left = List.of(member("a", "ALIVE"), member("b", "LEFT"));
        List<MemberView> unknown = List.of(member("a", "ALIVE"));
        assertTrue(new ClusterView(Map.of("x", dead, "y", dead)).allSee("b", "DEAD"));
        assertFalse(new ClusterView(Map.of("x", dead, "y", left)).allSee("b", "DEAD"));
        assertFalse(new ClusterView(Map.of("x", dead, "y", unknown)).allSee("b", "DEAD"));
        assertEquals(Optional.empty(), new ClusterView(Map.of("y", unknown)).statesOf("b").get("y"));
    }

    @Test
    void selfIdIsTheEntryNamedAfterTheObserver() {
        MemberView self = new MemberView("id-1", "node1", "node1:7946", "ALIVE", 3, Map.of());
        ClusterView view = new ClusterView(Map.of("node1", List.of(member("z", "ALIVE"), self)));
        assertEquals("id-1", view.selfId("node1"));
    }
}

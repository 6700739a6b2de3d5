package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Nodes killed without a leave or a last save, restarted from what their data directory held at
 * the last save: they keep their ids, outrank their previous life, still hold what they had saved, and
 * rejoin a cluster that declared them dead. Restored members alone prove nothing (they were on disk):
 * the proof of re-forming is a write made after the restart that reaches every node, both ways.
 */
class CrashRestartSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean holds(SimNode node, String key, byte[] value) {
        return node.read(key).map(v -> Arrays.equals(v, value)).orElse(false);
    }

    @Test
    void nodesKilledAfterWritesRestartFromTheirLastSaveWithTheirIdsAndRejoin(TestReporter reporter) {
        int n = 20;
        Simulation sim = sim(81, LAN, n);
        List<SimNode> nodes = form(sim, n);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);
        SimNode first = nodes.get(5);
        SimNode second = nodes.get(6);
        first.publish("saved-by-5", bytes("a"));
        second.publish("saved-by-6", bytes("b"));
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(x -> holds(x, "saved-by-5", bytes("a"))
                && holds(x, "saved-by-6", bytes("b"))), 3 * bounds.disseminationMillis()), "the writes spread");
        Simulation.SavedState savedFirst = sim.saveState(first);
        Simulation.SavedState savedSecond = sim.saveState(second);
        long incarnationBefore = first.localMember().incarnation();
        // Written after the last save, and killed before the next one: lost locally, kept by the others.
        first.publish("unsaved-by-5", bytes("c"));
        sim.runFor(3 * bounds.disseminationMillis());

        sim.crash(first);
        sim.crash(second);
        assertTrue(sim.runUntil(() -> sim.views().observersSeeing(first.id(), MemberState.DEAD) == sim.views().liveObservers()
                && sim.views().observersSeeing(second.id(), MemberState.DEAD) == sim.views().liveObservers(),
                bounds.detectionWorstMillis()), "the killed nodes are declared dead, not left");

        SimNode firstAgain = sim.restartFromSavedState(first, savedFirst, nodes.get(0));
        SimNode secondAgain = sim.restartFromSavedState(second, savedSecond, nodes.get(0));
        assertEquals(first.id(), firstAgain.id(), "the id survives the crash");
        assertEquals(second.id(), secondAgain.id());
        assertTrue(firstAgain.localMember().incarnation() > incarnationBefore, "the restart outranks the previous life");
        assertTrue(holds(firstAgain, "saved-by-5", bytes("a")) && holds(secondAgain, "saved-by-6", bytes("b")),
                "what was saved is there at once, before any sync");
        assertEquals(n, firstAgain.members().size(), "the saved member table is restored");

        long restartedAt = sim.now();
        long bound = new ProtocolBounds(LAN, n).healMillis();
        assertTrue(sim.runUntil(sim.views()::convergedAlive, 4 * bound),
                () -> "every node sees all " + n + " alive again: " + SimClusters.divergence(sim));
        report(reporter, "crashRestart.n20.allAliveMillis", sim.now() - restartedAt);
        assertTrue(sim.runUntil(() -> holds(firstAgain, "unsaved-by-5", bytes("c")), 2 * LAN.antiEntropy().pushPullInterval().toMillis()),
                "the write lost locally comes back from the others by anti-entropy");

        // Re-formed, not just restored: writes made now, on both sides, reach every node.
        firstAgain.publish("after-restart-by-5", bytes("d"));
        nodes.get(12).publish("after-restart-by-12", bytes("e"));
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(x -> holds(x, "after-restart-by-5", bytes("d"))
                && holds(x, "after-restart-by-12", bytes("e"))), 3 * bounds.disseminationMillis()),
                "writes made after the restart reach every node, the restarted ones included");
        assertArrayEquals(bytes("e"), secondAgain.read("after-restart-by-12").orElseThrow());
    }
}

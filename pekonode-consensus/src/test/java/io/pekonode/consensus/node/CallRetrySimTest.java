package io.pekonode.consensus.node;

import static io.pekonode.consensus.node.ConsensusSimTest.CONFIG;
import static io.pekonode.consensus.node.ConsensusSimTest.bytes;
import static io.pekonode.consensus.node.ConsensusSimTest.cluster;
import static io.pekonode.consensus.node.ConsensusSimTest.leader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.Versioned;
import io.pekonode.consensus.node.ConsensusSim.Node;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Calls through a node whose known leader died: they go to the newly elected leader within their deadline
 * instead of waiting it out, and a map write sent again is applied once.
 */
class CallRetrySimTest {

    private static final long ELECTION_TIMEOUT = CONFIG.electionTimeout().toMillis();

    @Test
    void aCallFromANonVoterWhoseLeaderDiedCompletesSoonAfterTheNextLeaderIsElected() {
        for (long seed = 1; seed <= 50; seed++) {
            try (ConsensusSim sim = cluster(seed, 3, 1)) {
                // Gossip notices the crash only after the call's deadline: the non-voter keeps naming the old leader.
                sim.detectionDelay(CONFIG.requestTimeout().toMillis() * 2);
                assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000), "seed " + seed);
                Node n1 = sim.node("n1");
                CompletableFuture<Long> first = n1.service.map().putAsync("k", bytes(1));
                assertTrue(sim.runUntil(first::isDone, 5_000), "seed " + seed);
                Node old = leader(sim).orElseThrow();
                assertEquals(Optional.of(old.id), n1.service.leader(), "seed " + seed);
                long[] electedAt = {-1};
                sim.nodes().stream().filter(n -> n != old && n.voter).forEach(n -> n.service.onLeadershipChange(
                        (leads, term) -> {
                            if (leads && electedAt[0] < 0) {
                                electedAt[0] = sim.now();
                            }
                        }));
                old.crash();
                long crashedAt = sim.now();
                CompletableFuture<Long> put = n1.service.map().putAsync("k", bytes(2));
                assertTrue(sim.runUntil(put::isDone, CONFIG.requestTimeout().toMillis() + 100), "seed " + seed);
                long doneAt = sim.now();
                assertFalse(put.isCompletedExceptionally(), "seed " + seed + ": " + put);
                assertTrue(electedAt[0] > 0, "seed " + seed);
                // One try waits up to an election timeout for the dead leader; the next voters point at the
                // new leader once it is elected. Before, the call waited out its whole deadline (2 s here).
                assertTrue(doneAt - electedAt[0] <= ELECTION_TIMEOUT, "seed " + seed + ": elected "
                        + (electedAt[0] - crashedAt) + " ms after the crash, the put completed " + (doneAt - crashedAt));
                assertTrue(doneAt - crashedAt < CONFIG.requestTimeout().toMillis(), "seed " + seed);
                Versioned now = read(sim, n1);
                assertEquals(put.join(), now.version(), "seed " + seed);
                assertEquals(2, ConsensusSimTest.value(now.value()), "seed " + seed);
            }
        }
    }

    @Test
    void aMapWriteSentAgainIsAppliedOnceAndItsRetryGetsTheFirstAnswer() {
        for (long seed = 1; seed <= 20; seed++) {
            try (ConsensusSim sim = cluster(seed, 3, 1)) {
                assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000), "seed " + seed);
                Node n1 = sim.node("n1");
                CompletableFuture<Long> first = n1.service.map().putAsync("k", bytes(1));
                assertTrue(sim.runUntil(first::isDone, 5_000), "seed " + seed);
                Node old = leader(sim).orElseThrow();
                // The leader takes the next put and commits it, but its answers never reach the caller.
                sim.cutOneWay(old.id, n1.id);
                CompletableFuture<Long> put = n1.service.map().putAsync("k", bytes(2));
                long firstVersion = appliedThere(sim, old, 2);
                assertTrue(firstVersion > first.join(), "seed " + seed);
                old.crash();
                assertTrue(sim.runUntil(put::isDone, CONFIG.requestTimeout().toMillis() + 100), "seed " + seed);
                assertFalse(put.isCompletedExceptionally(), "seed " + seed + ": " + put);
                // The copy sent to the new leader was not applied again: the answer is the first copy's version,
                // and no later write of the key followed it.
                assertEquals(firstVersion, put.join(), "seed " + seed);
                assertEquals(put.join(), read(sim, n1).version(), "seed " + seed);
            }
        }
    }

    private static Versioned read(ConsensusSim sim, Node node) {
        CompletableFuture<Optional<Versioned>> get = node.service.map().getAsync("k", ReadConsistency.LINEARIZABLE);
        assertTrue(sim.runUntil(get::isDone, 5_000));
        return get.join().orElseThrow();
    }

    /**
     * Runs until {@code node} applied {@code value} to "k" (read from its own state, without the group).
     *
     * @return the version it has there, or -1 if it never applied it
     */
    private static long appliedThere(ConsensusSim sim, Node node, long value) {
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Optional<Versioned>> get = node.service.map().getAsync("k", ReadConsistency.STALE);
            sim.runUntil(get::isDone, 100);
            if (get.isDone() && get.join().map(v -> ConsensusSimTest.value(v.value()) == value).orElse(false)) {
                return get.join().orElseThrow().version();
            }
            sim.runFor(5);
        }
        return -1;
    }
}

package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.consensus.Lease;
import io.pekonode.consensus.node.ConsensusSim.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Locks under the same faults as the map: four clients on different nodes take turns on one lock. A
 * client works only while its lease says it is valid, and every such moment is recorded with the lease's
 * fencing token. Judged by the tokens, no two holders ever overlap: all work under a token comes before
 * any work under a larger one, tokens are never handed out twice, and a grant that began after another
 * ended has the larger token.
 */
class LockSafetySimTest {

    /** One grant as its client saw it. */
    record Grant(int client, long token, long requested, long granted, List<Long> workedAt) {
    }

    @Test
    void aLockIsNeverHeldByTwoClientsAtOnce() {
        int grants = 0;
        int runs = Math.max(20, ConsensusSimTest.SEEDS / 4);
        for (long seed = 1; seed <= runs; seed++) {
            List<Grant> history = run(seed);
            check(seed, history);
            grants += history.size();
        }
        assertTrue(grants > 3 * runs, "too few grants to judge: " + grants);
    }

    @Test
    void aHeldLockIsRefusedAndFreedOnRelease() {
        try (ConsensusSim sim = ConsensusSimTest.cluster(5, 3, 1)) {
            assertTrue(sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000));
            CompletableFuture<Lease> first = sim.node("v1").service.lockAsync("job", Duration.ofSeconds(5));
            sim.runUntil(first::isDone, 5_000);
            Lease lease = first.join();
            CompletableFuture<Lease> second = sim.node("n1").service.lockAsync("job", Duration.ofMillis(500));
            ConsensusSimTest.assertFailsWith(sim, second, io.pekonode.consensus.ConsensusTimeoutException.class);
            // Renewed in the background: still valid well past its time-to-live.
            sim.runFor(ConsensusSimTest.CONFIG.lockTtl().toMillis() * 3);
            assertTrue(lease.isValid());
            CompletableFuture<Void> released = lease.releaseAsync();
            sim.runUntil(released::isDone, 5_000);
            CompletableFuture<Lease> third = sim.node("n1").service.lockAsync("job", Duration.ofSeconds(1));
            sim.runUntil(third::isDone, 5_000);
            assertTrue(third.join().fencingToken() > lease.fencingToken());
        }
    }

    @Test
    void aLeaseWhoseHolderIsCutOffExpiresBeforeTheLockIsGrantedAgain() {
        try (ConsensusSim sim = ConsensusSimTest.cluster(9, 3, 2)) {
            assertTrue(sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000));
            Node holder = sim.node("n1");
            CompletableFuture<Lease> first = holder.service.lockAsync("job", Duration.ofSeconds(5));
            sim.runUntil(first::isDone, 5_000);
            Lease lease = first.join();
            sim.partition(holder, sim.nodes());
            CompletableFuture<Lease> other = sim.node("n2").service.lockAsync("job", Duration.ofSeconds(10));
            sim.runUntil(other::isDone, 10_000);
            assertFalse(lease.isValid());
            assertTrue(other.join().fencingToken() > lease.fencingToken());
        }
    }

    static List<Grant> run(long seed) {
        try (ConsensusSim sim = ConsensusSimTest.cluster(seed, 3, 2)) {
            if (!sim.runUntil(() -> ConsensusSimTest.leader(sim).isPresent(), 10_000)) {
                throw new AssertionError("no leader, seed " + seed);
            }
            List<Grant> grants = new ArrayList<>();
            long end = sim.now() + 8_000;
            for (int c = 0; c < 4; c++) {
                Node at = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
                new LockClient(sim, at, c, grants, end).next();
            }
            // Fewer faults than for the map: after each election the new leader grants no lock for a lease time.
            ConsensusSimTest.scheduleFaults(sim, end, 700, 1500);
            sim.runFor(8_000);
            sim.heal();
            sim.loss(0);
            sim.runFor(3_000);
            return grants;
        }
    }

    static void check(long seed, List<Grant> grants) {
        Set<Long> tokens = new HashSet<>();
        for (Grant g : grants) {
            if (!tokens.add(g.token())) {
                fail("seed " + seed + ": token " + g.token() + " granted twice: " + grants);
            }
        }
        for (Grant a : grants) {
            for (Grant b : grants) {
                if (a.token() >= b.token() || a.workedAt().isEmpty() || b.workedAt().isEmpty()) {
                    continue;
                }
                long lastOfA = a.workedAt().get(a.workedAt().size() - 1);
                long firstOfB = b.workedAt().get(0);
                if (lastOfA >= firstOfB) {
                    fail("seed " + seed + ": holders overlap: token " + a.token() + " (client " + a.client()
                            + ") worked at " + lastOfA + ", token " + b.token() + " (client " + b.client()
                            + ") already at " + firstOfB);
                }
                if (b.granted() < a.requested()) {
                    fail("seed " + seed + ": token " + b.token() + " granted at " + b.granted()
                            + " before a smaller token " + a.token() + " was requested at " + a.requested());
                }
            }
        }
    }

    /** Takes the lock, works while the lease is valid for a while, releases, and again. */
    static final class LockClient {
        final ConsensusSim sim;
        final Node node;
        final int id;
        final List<Grant> grants;
        final long end;

        LockClient(ConsensusSim sim, Node node, int id, List<Grant> grants, long end) {
            this.sim = sim;
            this.node = node;
            this.id = id;
            this.grants = grants;
            this.end = end;
        }

        void next() {
            if (sim.now() >= end) {
                return;
            }
            if (!node.up) {
                sim.post(50, this::next);
                return;
            }
            long requested = sim.now();
            ConsensusService service = node.service;
            service.lockAsync("L", Duration.ofMillis(1500)).whenComplete((lease, e) -> {
                if (e != null) {
                    sim.post(sim.random().nextInt(50), this::next);
                    return;
                }
                Grant grant = new Grant(id, lease.fencingToken(), requested, sim.now(), new ArrayList<>());
                grants.add(grant);
                work(service, lease, grant, sim.now() + 50 + sim.random().nextInt(600));
            });
        }

        void work(ConsensusService service, Lease lease, Grant grant, long until) {
            if (node.service != service || !node.up) {
                sim.post(50, this::next); // the node crashed: its lease died with it
                return;
            }
            if (!lease.isValid()) {
                sim.post(sim.random().nextInt(50), this::next);
                return;
            }
            grant.workedAt().add(sim.now());
            if (sim.now() >= until) {
                lease.releaseAsync().whenComplete((r, e) -> sim.post(sim.random().nextInt(50), this::next));
                return;
            }
            sim.post(5 + sim.random().nextInt(20), () -> work(service, lease, grant, until));
        }
    }

    @Test
    void theCheckerCatchesOverlappingHolders() {
        List<Grant> overlapping = List.of(new Grant(0, 5, 0, 10, List.of(10L, 20L, 30L)),
                new Grant(1, 8, 12, 25, List.of(25L, 40L)));
        try {
            check(0, overlapping);
        } catch (AssertionError expected) {
            assertEquals(true, expected.getMessage().contains("overlap"));
            return;
        }
        fail("overlap not detected");
    }
}

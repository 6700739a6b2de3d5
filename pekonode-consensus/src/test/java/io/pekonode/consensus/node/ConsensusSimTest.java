package io.pekonode.consensus.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ConsensusException;
import io.pekonode.consensus.ConsensusLimitException;
import io.pekonode.consensus.ConsensusTimeoutException;
import io.pekonode.consensus.NoLeaderException;
import io.pekonode.consensus.NoSuchKeyException;
import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.VersionMismatchException;
import io.pekonode.consensus.node.ConsensusSim.Node;
import io.pekonode.consensus.node.RegisterChecker.Kind;
import io.pekonode.consensus.node.RegisterChecker.Op;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consensus service of several nodes under virtual time (see {@link ConsensusSim}): elections,
 * linearizability of the map under message loss, partitions and leader crashes, and lock safety. Every
 * run is decided by its seed; a failing seed is reported and replays the same way.
 */
class ConsensusSimTest {

    static final ConsensusConfig CONFIG = ConsensusConfig.builder().expectedVoters(3)
            .heartbeatInterval(Duration.ofMillis(50)).electionTimeout(Duration.ofMillis(500))
            .lockTtl(Duration.ofMillis(1000)).requestTimeout(Duration.ofMillis(2000))
            .bootstrapSettle(Duration.ofMillis(200)).build();

    /** Seeds per fault test in the default build; {@code -Dpekonode.consensus.seeds=N} runs more. */
    static final int SEEDS = Integer.getInteger("pekonode.consensus.seeds", 1000);

    static ConsensusSim cluster(long seed, int voters, int others) {
        ConsensusSim sim = new ConsensusSim(seed, CONFIG.toBuilder().expectedVoters(voters).build());
        for (int i = 1; i <= voters; i++) {
            sim.add("v" + i, true);
        }
        for (int i = 1; i <= others; i++) {
            sim.add("n" + i, false);
        }
        return sim;
    }

    static Optional<Node> leader(ConsensusSim sim) {
        return sim.nodes().stream().filter(n -> n.up && n.service.isLeader()).findFirst();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void aLeaderIsElectedAndEveryNodeLearnsIt(int voters) {
        for (long seed = 1; seed <= 20; seed++) {
            try (ConsensusSim sim = cluster(seed, voters, 2)) {
                assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000), "no leader, seed " + seed);
                Node leader = leader(sim).orElseThrow();
                assertTrue(sim.runUntil(() -> sim.nodes().stream().filter(n -> n.voter)
                        .allMatch(n -> n.service.leader().equals(Optional.of(leader.id))), 5_000), "seed " + seed);
                assertEquals(1, sim.nodes().stream().filter(n -> n.service.isLeader()).count(), "seed " + seed);
                assertEquals(voters, leader.service.status().voters().size(), "seed " + seed);
                // A non-voter's write finds the leader.
                CompletableFuture<Long> put = sim.node("n1").service.map().putAsync("k", bytes(1));
                sim.runUntil(put::isDone, 5_000);
                assertTrue(put.join() > 0, "seed " + seed);
            }
        }
    }

    @Test
    void aNewLeaderTakesOverAfterTheLeaderCrashesAndAcknowledgedWritesSurvive() {
        try (ConsensusSim sim = cluster(42, 3, 1)) {
            List<String> changes = new ArrayList<>();
            sim.nodes().forEach(n -> n.service.onLeadershipChange((leader, term) ->
                    changes.add(n.id + (leader ? " leads in term " : " stopped leading in term ") + term)));
            assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000));
            Node old = leader(sim).orElseThrow();
            sim.runFor(10);
            assertEquals(List.of(old.id + " leads in term " + old.service.status().term()), changes);
            CompletableFuture<Long> put = sim.node("n1").service.map().putAsync("k", bytes(7));
            sim.runUntil(put::isDone, 5_000);
            long version = put.join();
            old.crash();
            assertTrue(sim.runUntil(() -> leader(sim).filter(l -> l != old).isPresent(), 5_000));
            Node next = leader(sim).orElseThrow();
            sim.runFor(10);
            assertEquals(next.id + " leads in term " + next.service.status().term(), changes.get(changes.size() - 1));
            CompletableFuture<Optional<io.pekonode.consensus.Versioned>> get = sim.node("n1").service.map()
                    .getAsync("k", ReadConsistency.LINEARIZABLE);
            sim.runUntil(get::isDone, 5_000);
            assertEquals(version, get.join().orElseThrow().version());
            assertEquals(7, value(get.join().orElseThrow().value()));
            old.restart();
            CompletableFuture<Long> after = old.service.map().putAsync("k", bytes(8));
            sim.runUntil(after::isDone, 5_000);
            assertTrue(after.join() > version);
        }
    }

    @Test
    void badInputGetsTypedErrorsAndNoLeaderIsReportedInTime() {
        try (ConsensusSim sim = cluster(3, 3, 0)) {
            Node v1 = sim.node("v1");
            assertFailsWith(sim, v1.service.map().putAsync("", bytes(1)), ConsensusLimitException.class);
            assertFailsWith(sim, v1.service.map().putAsync("x".repeat(CONFIG.maxKeyLength() + 1), bytes(1)),
                    ConsensusLimitException.class);
            assertFailsWith(sim, v1.service.map().putAsync("k", new byte[CONFIG.maxValueBytes() + 1]),
                    ConsensusLimitException.class);
            assertFailsWith(sim, v1.service.lockAsync("l".repeat(CONFIG.maxLockNameLength() + 1), Duration.ZERO),
                    ConsensusLimitException.class);
            // Before the group formed (it needs the settle time), a call ends with NoLeader at its deadline.
            sim.node("v2").crash();
            sim.node("v3").crash();
            long start = sim.now();
            assertFailsWith(sim, v1.service.map().putAsync("k", bytes(1)), NoLeaderException.class);
            assertTrue(sim.now() - start <= CONFIG.requestTimeout().toMillis() + 100);
            sim.node("v2").restart();
            sim.node("v3").restart();
            assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000));
            assertFailsWith(sim, v1.service.map().compareAndSetAsync("missing", 1, bytes(1)), NoSuchKeyException.class);
            CompletableFuture<Long> put = v1.service.map().putAsync("k", bytes(1));
            sim.runUntil(put::isDone, 5_000);
            assertFailsWith(sim, v1.service.map().compareAndSetAsync("k", put.join() + 1, bytes(2)),
                    VersionMismatchException.class);
        }
    }

    @Test
    void aWriteSentWithoutAnAnswerTimesOutAsUnknownAndSaysWhereItWent() {
        try (ConsensusSim sim = cluster(7, 3, 1)) {
            assertTrue(sim.runUntil(() -> leader(sim).isPresent(), 10_000));
            Node n1 = sim.node("n1");
            // Calls to the voters vanish: the write may have arrived, so its outcome is unknown, and the error
            // names the voter it went to (it used to say "no voter known yet").
            sim.partition(n1, sim.nodes());
            CompletableFuture<Long> put = n1.service.map().putAsync("k", bytes(1));
            assertFailsWith(sim, put, ConsensusTimeoutException.class);
            ConsensusTimeoutException e = (ConsensusTimeoutException) cause(assertThrows(CompletionException.class, put::join));
            assertTrue(e.outcomeUnknown(), e.getMessage());
            assertTrue(e.getMessage().contains("sent to voter v"), e.getMessage());
            assertFalse(e.getMessage().contains("no voter known"), e.getMessage());
        }
    }

    @Test
    void runsAreDeterministicPerSeed() {
        assertEquals(faultyRun(11, false).toString(), faultyRun(11, false).toString());
    }

    @Test
    void theMapStaysLinearizableUnderLossPartitionsAndLeaderCrashes() {
        int checkedOps = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            List<Op> history = faultyRun(seed, false);
            if (!RegisterChecker.linearizable(history)) {
                fail("not linearizable, seed " + seed + ":\n" + String.join("\n", history.stream().map(Op::toString).toList()));
            }
            checkedOps += history.size();
        }
        assertTrue(checkedOps > SEEDS * 10, "too few operations completed: " + checkedOps);
    }

    // ---- the workload ----

    /** A run with four clients on a key of a 3-voter, 2-other cluster, under a random fault schedule. */
    static List<Op> faultyRun(long seed, boolean quiet) {
        try (ConsensusSim sim = cluster(seed, 3, 2)) {
            List<Op> history = new ArrayList<>();
            if (!sim.runUntil(() -> leader(sim).isPresent(), 10_000)) {
                throw new AssertionError("no leader, seed " + seed);
            }
            AtomicLong values = new AtomicLong();
            long end = sim.now() + 3_000;
            for (int c = 0; c < 4; c++) {
                Node at = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
                new Client(sim, at, c, history, values, end).next();
            }
            if (!quiet) {
                scheduleFaults(sim, end);
            }
            sim.runFor(3_000);
            sim.heal();
            sim.loss(0);
            sim.nodes().forEach(Node::restart);
            sim.runFor(6_000);
            // Open reads and writes known not to have applied are left out; ids are renumbered densely.
            List<Op> out = new ArrayList<>();
            for (Op op : history) {
                if (op != null && (op.known() || op.kind() != Kind.GET)) {
                    out.add(new Op(out.size(), op.client(), op.kind(), op.value(), op.version(), op.invoke(),
                            op.complete(), op.known(), op.ok(), op.mismatch(), op.notFound(), op.resultVersion()));
                }
            }
            return out;
        }
    }

    static void scheduleFaults(ConsensusSim sim, long end) {
        scheduleFaults(sim, end, 200, 600);
    }

    /** A fault every {@code minGap} to {@code minGap + spread} ms until {@code end}, each healed after a while. */
    static void scheduleFaults(ConsensusSim sim, long end, int minGap, int spread) {
        sim.post(minGap + sim.random().nextInt(spread), new Runnable() {
            @Override
            public void run() {
                if (sim.now() >= end) {
                    return;
                }
                int kind = sim.random().nextInt(4);
                Optional<Node> leader = leader(sim);
                switch (kind) {
                    case 0 -> leader.ifPresent(l -> {
                        l.crash();
                        sim.post(200 + sim.random().nextInt(800), l::restart);
                    });
                    case 1 -> leader.ifPresent(l -> {
                        sim.partition(l, sim.nodes());
                        sim.post(300 + sim.random().nextInt(1200), sim::heal);
                    });
                    case 2 -> sim.loss(sim.random().nextDouble() * 0.2);
                    default -> {
                        Node any = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
                        any.crash();
                        sim.post(100 + sim.random().nextInt(500), any::restart);
                    }
                }
                sim.post(minGap + sim.random().nextInt(spread), this);
            }
        });
    }

    /** One sequential client: an operation at a time, recorded with its invocation and completion times. */
    static final class Client {
        final ConsensusSim sim;
        final Node node;
        final int id;
        final List<Op> history;
        final AtomicLong values;
        final long end;
        long lastVersion;

        Client(ConsensusSim sim, Node node, int id, List<Op> history, AtomicLong values, long end) {
            this.sim = sim;
            this.node = node;
            this.id = id;
            this.history = history;
            this.values = values;
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
            int dice = sim.random().nextInt(10);
            long invoke = sim.now();
            // Recorded as open at once: a call whose node crashes never completes, and may still have been applied.
            int slot = history.size();
            history.add(null);
            if (dice < 4) {
                node.service.map().getAsync("k", ReadConsistency.LINEARIZABLE).whenComplete((v, e) -> {
                    if (e == null) {
                        long value = v.map(x -> value(x.value())).orElse(-1L);
                        long version = v.map(io.pekonode.consensus.Versioned::version).orElse(0L);
                        v.ifPresent(x -> lastVersion = x.version());
                        record(slot, new Op(0, id, Kind.GET, value, 0, invoke, sim.now(), true, false, false, false, version));
                    }
                    // A failed read took no effect: it is left out.
                    pause();
                });
            } else if (dice < 7) {
                long value = values.incrementAndGet();
                record(slot, new Op(0, id, Kind.PUT, value, 0, invoke, 0, false, false, false, false, 0));
                node.service.map().putAsync("k", bytes(value)).whenComplete((version, e) -> {
                    if (e == null) {
                        lastVersion = version;
                        record(slot, new Op(0, id, Kind.PUT, value, 0, invoke, sim.now(), true, true, false, false, version));
                    } else if (certainlyNotApplied(e)) {
                        history.set(slot, null);
                    }
                    pause();
                });
            } else if (dice < 9) {
                long value = values.incrementAndGet();
                long expected = lastVersion;
                record(slot, new Op(0, id, Kind.CAS, value, expected, invoke, 0, false, false, false, false, 0));
                node.service.map().compareAndSetAsync("k", expected, bytes(value)).whenComplete((version, e) -> {
                    Throwable cause = cause(e);
                    long now = sim.now();
                    if (e == null) {
                        lastVersion = version;
                        record(slot, new Op(0, id, Kind.CAS, value, expected, invoke, now, true, true, false, false, version));
                    } else if (cause instanceof VersionMismatchException m) {
                        lastVersion = m.currentVersion();
                        record(slot, new Op(0, id, Kind.CAS, value, expected, invoke, now, true, false, true, false,
                                m.currentVersion()));
                    } else if (cause instanceof NoSuchKeyException) {
                        record(slot, new Op(0, id, Kind.CAS, value, expected, invoke, now, true, false, false, true, 0));
                    } else if (certainlyNotApplied(e)) {
                        history.set(slot, null);
                    }
                    pause();
                });
            } else {
                record(slot, new Op(0, id, Kind.DELETE, 0, 0, invoke, 0, false, false, false, false, 0));
                node.service.map().deleteAsync("k").whenComplete((existed, e) -> {
                    if (e == null) {
                        record(slot, new Op(0, id, Kind.DELETE, 0, 0, invoke, sim.now(), true, existed, false, false, 0));
                    } else if (certainlyNotApplied(e)) {
                        history.set(slot, null);
                    }
                    pause();
                });
            }
        }

        private void record(int slot, Op op) {
            history.set(slot, new Op(slot, op.client(), op.kind(), op.value(), op.version(), op.invoke(),
                    op.complete(), op.known(), op.ok(), op.mismatch(), op.notFound(), op.resultVersion()));
        }

        private void pause() {
            sim.post(sim.random().nextInt(20), this::next);
        }
    }

    static boolean certainlyNotApplied(Throwable e) {
        return cause(e) instanceof NoLeaderException;
    }

    static Throwable cause(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static void assertFailsWith(ConsensusSim sim, CompletableFuture<?> future, Class<? extends ConsensusException> type) {
        sim.runUntil(future::isDone, 10_000);
        assertTrue(future.isDone(), "still running");
        try {
            future.join();
            fail("expected " + type.getSimpleName());
        } catch (CompletionException e) {
            assertTrue(type.isInstance(cause(e)), "expected " + type.getSimpleName() + ", got " + cause(e));
        }
    }

    static byte[] bytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    static long value(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }
}

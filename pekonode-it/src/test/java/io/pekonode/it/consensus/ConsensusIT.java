package io.pekonode.it.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.node.RegisterChecker;
import io.pekonode.consensus.node.RegisterChecker.Op;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.Fleet;
import io.pekonode.it.cluster.FleetExtension;
import io.pekonode.it.cluster.NodeSpec;
import io.pekonode.it.cluster.ProtocolBounds;
import io.pekonode.it.cluster.Reports;
import io.pekonode.it.cluster.Timings;
import io.pekonode.it.consensus.ConsensusClient.LeaderView;
import io.pekonode.it.consensus.ConsensusClient.Read;
import io.pekonode.it.consensus.ConsensusWorkload.Grant;
import io.pekonode.it.consensus.ConsensusWorkload.Verdict;
import io.pekonode.it.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The consensus module in real agent containers: 3 voters ({@code --consensus-voter --consensus-voters 3},
 * Raft logs on data volumes) and 2 nodes that only use the group ({@code --consensus}). One cluster runs
 * the scenarios in order:
 *
 * <ol>
 *   <li>the group forms and every node's {@code /v1/consensus/leader} names the same leader;</li>
 *   <li>clients put, compare-and-set and read a few keys through all five agents' HTTP APIs, two more
 *       contend for one lock through the two non-voters, while the leader is killed with SIGKILL (and
 *       started again on its data volume), the next leader is frozen with {@code docker pause}, and the
 *       one after that is cut off from the other four with iptables. After each fault the surviving voters
 *       elect a new leader within {@link #FAILOVER_BOUND}, every acknowledged write is still there (or
 *       overwritten by a later one) in a linearizable read, and a write through a surviving voter is
 *       acknowledged again;</li>
 *   <li>the whole history, unknown outcomes (timeouts) included, is linearizable per key, judged by the
 *       consensus module's own checker ({@link RegisterChecker});</li>
 *   <li>lock safety: fencing tokens grow with every grant in real-time order, no holder was granted the
 *       lock before the holder of a lower token began to release it, and a resource that refuses lower
 *       tokens never refused one.</li>
 * </ol>
 *
 * The clients' choices (node, key, operation) come from a seed, printed at the start;
 * {@code -Dpekonode.consensus.it.seed=N} replays them (fault timing is real time, not replayed). On a
 * failure the history, the lock grants, the measured fail-overs, every container's log and the command
 * to run again are written to {@code target/failsafe-reports/consensus-it-seed-N/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsensusIT {

    @RegisterExtension
    static final FleetExtension FLEET = FleetExtension.udp();

    private static final ConsensusConfig AGENT = ConsensusWorkload.AGENT;

    /** The test's polling (at least every 250 ms, over HTTP) and five agents, Docker and the clients on two cores. */
    private static final Duration DETECTION_SLACK = Duration.ofSeconds(1);

    /**
     * From "the leader stopped being reachable" to "the surviving voters agree on a new leader".
     * A follower starts an election once {@code electionTimeout} passed without a heartbeat; MicroRaft checks
     * that once per {@code heartbeatInterval} ({@code RaftTiming}), so it notices within electionTimeout +
     * heartbeatInterval (1.1 s with the defaults). A pre-vote and a vote round trip follow (milliseconds on
     * one Docker network); if the two survivors stand at once and split the vote, one retries after half an
     * election timeout (0.5 s): 1.6 s in all, inside the project's fail-over target of 2 x electionTimeout
     * (2 s), which is the protocol part of this bound. {@link #DETECTION_SLACK} is added on top: 3 s with
     * the defaults, so a fail-over that takes about twice its expected time fails the test.
     */
    static final Duration FAILOVER_BOUND = AGENT.electionTimeout().multipliedBy(2).plus(DETECTION_SLACK);

    private static final Duration CALL_TIMEOUT = ConsensusWorkload.CALL_TIMEOUT;
    private static final Duration PROBE_TIMEOUT = ConsensusWorkload.PROBE_TIMEOUT;
    private static final Duration LOCK_WAIT = ConsensusWorkload.LOCK_WAIT;

    private static final List<String> VOTERS = List.of("node1", "node2", "node3");
    private static final List<String> USERS = List.of("node4", "node5");
    private static final List<String> ALL = Stream.concat(VOTERS.stream(), USERS.stream()).toList();
    private static final List<String> KEYS = List.of("k0", "k1", "k2");
    private static final String LOCK = "it-lock";
    private static final int KV_CLIENTS = 4;
    /** Lock grants awaited once the faults are over. */
    private static final int CONTENDED_GRANTS = 20;
    /** The reads the test itself makes after a fault, recorded in the history as this client. */
    private static final int CHECKER_CLIENT = KV_CLIENTS;
    private static final long VALUES_PER_CLIENT = ConsensusWorkload.VALUES_PER_CLIENT;
    /** Between two calls of one client: a rate limit, so the clients do not take the cores the agents need. */
    private static final long CLIENT_PACE_MS = 20;

    private final long seed = Long.getLong("pekonode.consensus.it.seed", ThreadLocalRandom.current().nextLong(1, 1_000_000));
    private final Map<String, String> aliasById = new ConcurrentHashMap<>();
    private final Map<String, String> idByAlias = new ConcurrentHashMap<>();
    private final ConsensusWorkload workload = new ConsensusWorkload(seed, "ConsensusIT");
    /** Everything that went wrong, for the evidence; each test asserts on its own share. */
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> faultViolations = new CopyOnWriteArrayList<>();
    private final AtomicLong checkerValues = new AtomicLong();
    private final List<String> failovers = new CopyOnWriteArrayList<>();
    private boolean formed;
    private boolean workloadRan;
    private boolean workloadCompleted;

    // ---------------------------------------------------------------- 1. formation

    @Test
    @Order(1)
    void theGroupFormsAndEveryNodeNamesTheSameLeader() {
        guarded(() -> {
            System.out.println("ConsensusIT: seed " + seed + "; run again with: " + replayCommand());
            Fleet fleet = FLEET.fleet();
            fleet.start(voter(fleet, "node1").bootstrapping());
            List<NodeSpec> rest = new ArrayList<>();
            for (String alias : ALL.subList(1, ALL.size())) {
                NodeSpec spec = VOTERS.contains(alias) ? voter(fleet, alias) : NodeSpec.of(alias).withFlags("--consensus");
                rest.add(spec.joining(List.of("node1")));
            }
            fleet.startAll(rest);
            ProtocolBounds bounds = ProtocolBounds.forCluster(ALL.size());
            Await.until("the cluster has formed", bounds.formation(), () -> fleet.views(fleet.nodes()),
                    view -> view.allAliveWithSize(ALL.size()));

            // The voters' tag spreads by gossip, the set of voters must hold still for bootstrapSettle, then
            // the first election.
            Duration groupBound = bounds.metadataSpread().plus(AGENT.bootstrapSettle()).plus(FAILOVER_BOUND);
            Duration took = Await.until("the three voters name one leader, which lists all three as voters",
                    groupBound, () -> views(VOTERS), v -> agreed(v).filter(l -> leaderView(v, l)
                            .map(lv -> lv.voters().size() == VOTERS.size()).orElse(false)).isPresent());
            Timings.record("consensus: group formed after the cluster formed", took, groupBound);
            for (LeaderView v : views(ALL)) {
                aliasById.put(v.localId(), v.alias());
                idByAlias.put(v.alias(), v.localId());
            }
            // A node that does not vote learns the leader from its calls: one linearizable read through each.
            for (String alias : USERS) {
                Await.until(alias + " answers a linearizable read", CALL_TIMEOUT.multipliedBy(2),
                        () -> ConsensusClient.get(fleet.node(alias), "formation", CALL_TIMEOUT).ok());
            }
            Await.until("all five nodes name the same leader", CALL_TIMEOUT, () -> views(ALL), v -> agreed(v).isPresent());

            List<LeaderView> all = views(ALL);
            String leader = agreed(all).orElseThrow();
            assertTrue(VOTERS.contains(aliasById.get(leader)), "the leader " + leader + " is a voter: " + all);
            assertEquals(1, all.stream().filter(LeaderView::isLeader).count(), "exactly one node says it leads: " + all);
            Set<String> voterIds = VOTERS.stream().map(idByAlias::get).collect(Collectors.toSet());
            for (LeaderView v : all) {
                if (VOTERS.contains(v.alias())) {
                    assertEquals(voterIds, Set.copyOf(v.voters()), v.alias() + " lists the three voters");
                } else {
                    assertEquals(List.of(), v.voters(), v.alias() + " is not a member of the group");
                }
            }
            formed = true;
        });
    }

    // ---------------------------------------------------------------- 2. the nemesis

    @Test
    @Order(2)
    void afterEachFaultANewLeaderIsElectedInTimeAndNoAcknowledgedWriteIsLost() throws Exception {
        assumeTrue(formed, "the group did not form");
        Fleet fleet = FLEET.fleet();
        String noIptables = "the partition needs iptables in the node image";
        if (Boolean.parseBoolean(System.getenv("CI"))) {
            assertTrue(fleet.supportsPartitions(), noIptables);
        }
        assumeTrue(fleet.supportsPartitions(), noIptables);
        guarded(() -> {
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(KV_CLIENTS + USERS.size());
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < KV_CLIENTS; c++) {
                int client = c;
                loops.add(clients.submit(() -> workload.kvClient(fleet, client, ALL, () -> KEYS, CLIENT_PACE_MS, running)));
            }
            for (int c = 0; c < USERS.size(); c++) {
                int client = c;
                loops.add(clients.submit(() -> workload.lockClient(fleet, client, LOCK, r -> USERS.get(client),
                        LOCK_WAIT, CLIENT_PACE_MS, running)));
            }
            try {
                awaitWritesAcknowledged("the clients started", 20);

                // (a) kill -9 the leader, then start it again on its data volume.
                String killed = leaderAlias(fleet);
                long term = termOf(killed);
                fleet.node(killed).kill();
                long killedAt = System.nanoTime();
                afterFault("SIGKILL of the leader " + killed, killed, term, killedAt, others(VOTERS, killed));
                String oldId = idByAlias.get(killed);
                fleet.start(fleet.spec(killed).joining(others(ALL, killed)));
                awaitAllAgree("after " + killed + " was started again on its data volume", killed);
                assertEquals(oldId, ConsensusClient.leader(fleet.node(killed), PROBE_TIMEOUT).localId(),
                        killed + " came back under its old id (its Raft state is on the volume)");

                // (b) docker pause the new leader, then unpause it.
                String paused = leaderAlias(fleet);
                term = termOf(paused);
                fleet.node(paused).pause();
                long pausedAt = System.nanoTime();
                try {
                    afterFault("docker pause of the leader " + paused, paused, term, pausedAt, others(VOTERS, paused));
                } finally {
                    fleet.node(paused).unpause();
                }
                awaitAllAgree("after " + paused + " was unpaused", paused);

                // (c) cut the current leader off from the other four, then heal. The two other voters drop its
                // packets first: from then on the majority cannot hear it, and the clock starts.
                String isolated = leaderAlias(fleet);
                term = termOf(isolated);
                AgentNode leader = fleet.node(isolated);
                List<AgentNode> voters = others(VOTERS, isolated).stream().map(fleet::node).toList();
                List<AgentNode> users = USERS.stream().map(fleet::node).toList();
                try {
                    fleet.partition(List.of(leader), voters);
                    long cutAt = System.nanoTime();
                    fleet.partition(List.of(leader), users);
                    afterFault("iptables partition of the leader " + isolated + " from the other four", isolated, term,
                            cutAt, others(VOTERS, isolated));
                } finally {
                    fleet.heal(fleet.nodes());
                }
                awaitAllAgree("after the partition of " + isolated + " healed", isolated);

                // The lock works again once the last new leader's lock delay is over; then both holders
                // contend with no fault for a while (each new leader's lock delay may have left few grants).
                int grantsBefore = workload.grants().size();
                Duration lockBound = AGENT.lockTtl().plus(FAILOVER_BOUND).plus(CALL_TIMEOUT);
                Duration lockBack = Await.until("a lock grant after the last fault", lockBound,
                        () -> workload.grants().size() > grantsBefore);
                Timings.record("consensus: lock granted again after the last fault", lockBack, lockBound);
                Await.until(CONTENDED_GRANTS + " more lock grants, to both holders, after the last fault",
                        CALL_TIMEOUT.multipliedBy(2), () -> {
                            List<Grant> all = workload.grants();
                            List<Grant> since = all.subList(grantsBefore, all.size());
                            return since.size() >= CONTENDED_GRANTS
                                    && since.stream().map(Grant::client).distinct().count() == USERS.size();
                        });
            } finally {
                running.set(false);
                for (Future<?> loop : loops) {
                    loop.get(LOCK_WAIT.plus(CALL_TIMEOUT).plusSeconds(10).toSeconds(), TimeUnit.SECONDS);
                }
                clients.shutdown();
                // Complete up to here even if a fault's check failed: the later tests still judge what was recorded.
                workloadRan = true;
            }
            long ops = workload.operations();
            long unknown = workload.unknownOutcomes();
            System.out.printf("ConsensusIT: seed %d, %d operations recorded (%d acknowledged writes, %d with an unknown"
                    + " outcome), %d lock grants (%d lock requests with an unknown outcome); fail-overs: %s%n", seed, ops,
                    workload.acknowledged(), unknown, workload.grants().size(), workload.lockUnknown(), failovers);
            workloadCompleted = true;
            assertEquals(List.of(), faultViolations, "violations during the faults");
        });
    }

    /**
     * After a fault on the leader: the survivors elect a new leader within the bound; every write acknowledged
     * so far is visible (or overwritten by a later one) in a linearizable read through a surviving voter; and
     * a write through a surviving voter is acknowledged again.
     */
    private void afterFault(String fault, String oldLeader, long oldTerm, long faultAt, List<String> survivors) {
        String oldId = idByAlias.get(oldLeader);
        Duration left = FAILOVER_BOUND.minusNanos(System.nanoTime() - faultAt);
        try {
            Await.until("a new leader among " + survivors + " after the " + fault, left, () -> views(survivors),
                    v -> agreed(v).filter(l -> !l.equals(oldId)
                            && leaderView(v, l).map(lv -> lv.isLeader() && lv.term() > oldTerm).orElse(false)).isPresent());
        } catch (AssertionError e) {
            faultViolation("no new leader within " + FAILOVER_BOUND.toMillis() + " ms after the " + fault + ": "
                    + e.getMessage());
            // Carry on with the scenario if the group recovers at all, so the history still gets checked.
            Await.until("a new leader among " + survivors + " at all after the " + fault, Duration.ofSeconds(20),
                    () -> views(survivors), v -> agreed(v).filter(l -> !l.equals(oldId)).isPresent());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - faultAt);
        Timings.record("consensus: new leader after " + fault, took, FAILOVER_BOUND);
        failovers.add(fault.split(" ")[0] + " " + took.toMillis() + " ms");
        checkAcknowledgedWrites(fault, survivors.get(0));
        awaitWriteAcknowledged(fault, survivors.get(1));
    }

    private void faultViolation(String problem) {
        faultViolations.add(problem);
        violations.add(problem);
    }

    /**
     * The majority side takes writes again: one put through a surviving voter, recorded in the history. (The
     * clients' own progress is no measure here: those that picked the frozen node or a non-voter still
     * pointing at it wait out their call.)
     */
    private void awaitWriteAcknowledged(String fault, String through) {
        Duration bound = CALL_TIMEOUT; // one call: a leader is known to the voter by now
        Duration took = Await.until("a write through " + through + " acknowledged after the " + fault, bound, () -> {
            long value = CHECKER_CLIENT * VALUES_PER_CLIENT + checkerValues.getAndIncrement();
            return workload.put(FLEET.fleet().node(through), KEYS.get(0), CHECKER_CLIENT, value);
        });
        Timings.record("consensus: write through " + through + " acknowledged after " + fault, took, bound);
    }

    /** Every key holds its latest acknowledged write or a later one, read linearizably through {@code through}. */
    private void checkAcknowledgedWrites(String fault, String through) {
        long cutoff = workload.now();
        for (String key : KEYS) {
            Optional<Op> latest = workload.latestAcknowledged(key, cutoff);
            if (latest.isEmpty()) {
                continue;
            }
            Read[] read = new Read[1];
            Await.until("a linearizable read of " + key + " through " + through + " after the " + fault,
                    CALL_TIMEOUT.multipliedBy(2), () -> {
                        read[0] = workload.timedGet(FLEET.fleet().node(through), key, CHECKER_CLIENT);
                        return read[0].ok();
                    });
            Op want = latest.get();
            Read r = read[0];
            if (!r.found() || r.version() < want.resultVersion()
                    || r.version() == want.resultVersion() && r.value() != want.value()) {
                faultViolation("after the " + fault + ", " + key + " reads " + (r.found() ? r.value() + "@" + r.version()
                        : "missing") + " through " + through + ", but " + want + " was acknowledged");
            }
        }
    }

    private void awaitWritesAcknowledged(String after, int count) {
        long before = workload.acknowledged();
        Await.until(count + " more writes acknowledged after " + after, CALL_TIMEOUT.plus(FAILOVER_BOUND),
                () -> workload.acknowledged() >= before + count);
    }

    /** All five name the same leader, whose voter list holds all three voters, {@code rejoined} among them. */
    private void awaitAllAgree(String when, String rejoined) {
        // The nodes that do not vote learn a new leader from their next call, which ends within a request timeout.
        Duration bound = CALL_TIMEOUT.plus(FAILOVER_BOUND);
        Set<String> voterIds = VOTERS.stream().map(idByAlias::get).collect(Collectors.toSet());
        Duration took = Await.until("all five name one leader " + when, bound, () -> views(ALL),
                v -> agreed(v).filter(l -> leaderView(v, l).map(lv -> lv.isLeader()
                        && Set.copyOf(lv.voters()).equals(voterIds)).orElse(false)).isPresent());
        Timings.record("consensus: all five name one leader with " + rejoined + " a voter again " + when, took, bound);
    }

    // ---------------------------------------------------------------- 3. linearizability

    @Test
    @Order(3)
    void theWholeHistoryIsLinearizable() {
        assumeTrue(workloadRan, "the workload did not run");
        guarded(() -> {
            List<String> notLinearizable = new ArrayList<>();
            for (String key : KEYS) {
                Verdict v = workload.check(key);
                if (workloadCompleted) { // else the faults' test stopped early and its failure says why
                    assertTrue(v.writes() >= 10 && v.reads() >= 10, key + " has a history worth checking: " + v.writes()
                            + " acknowledged writes, " + v.reads() + " reads");
                }
                if (!v.finished()) {
                    throw new AssertionError("the checker did not finish on " + key + " (" + v.operations() + " operations)");
                }
                System.out.println("ConsensusIT: " + v);
                if (!v.linearizable()) {
                    notLinearizable.add("the history of " + key + " is not linearizable (see history.txt)");
                }
            }
            violations.addAll(notLinearizable);
            assertEquals(List.of(), notLinearizable);
        });
    }

    // ---------------------------------------------------------------- 4. lock safety

    @Test
    @Order(4)
    void lockHoldersNeverOverlapAndFencingTokensOnlyGrow() {
        assumeTrue(workloadRan, "the workload did not run");
        guarded(() -> {
            List<Grant> all = workload.grants();
            for (int c = 0; c < USERS.size() && workloadCompleted; c++) {
                int client = c;
                assertTrue(all.stream().anyMatch(g -> g.client() == client), "the client on " + USERS.get(c)
                        + " was granted the lock at least once: " + all);
            }
            assertEquals(all.size(), all.stream().map(Grant::token).distinct().count(), "every grant has its own token");
            List<String> problems = workload.lockProblems();
            System.out.println("ConsensusIT: " + workload.lockSummary() + " (client 0 on " + USERS.get(0) + ", client 1 on "
                    + USERS.get(1) + ")");
            violations.addAll(problems.stream().limit(10).toList());
            assertEquals(List.of(), problems.stream().limit(10).toList());
        });
    }

    // ---------------------------------------------------------------- helpers

    private static NodeSpec voter(Fleet fleet, String alias) {
        return NodeSpec.of(alias).withDataVolume(fleet.createVolume(alias + "-data"))
                .withFlags("--consensus-voter", "--consensus-voters", Integer.toString(VOTERS.size()));
    }

    private static List<LeaderView> views(List<String> aliases) throws IOException {
        return ConsensusWorkload.views(FLEET.fleet(), aliases);
    }

    private static Optional<String> agreed(List<LeaderView> views) {
        return ConsensusWorkload.agreed(views);
    }

    private static Optional<LeaderView> leaderView(List<LeaderView> views, String id) {
        return ConsensusWorkload.leaderView(views, id);
    }

    private String leaderAlias(Fleet fleet) throws IOException {
        List<LeaderView> all = views(ALL);
        String leader = agreed(all).orElseThrow(() -> new AssertionError("no agreed leader: " + all));
        return aliasById.get(leader);
    }

    private static long termOf(String alias) throws IOException {
        return ConsensusClient.leader(FLEET.fleet().node(alias), PROBE_TIMEOUT).term();
    }

    private static List<String> others(List<String> aliases, String except) {
        return aliases.stream().filter(a -> !a.equals(except)).toList();
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a scenario; on any failure saves the evidence before the failure propagates. */
    private void guarded(Step step) {
        try {
            step.run();
        } catch (Throwable t) {
            violations.add("failed: " + t);
            saveEvidence();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new AssertionError(t);
        }
    }

    private String replayCommand() {
        return "mvn -o -B install -DskipTests -Dmaven.javadoc.skip=true && CI=true mvn -o -B verify -pl pekonode-it"
                + " -Dit.test=ConsensusIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dpekonode.consensus.it.seed=" + seed;
    }

    private void saveEvidence() {
        Path dir = Reports.dir().resolve("consensus-it-seed-" + seed);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("violations.txt"), String.join("\n", violations) + "\n");
            Files.writeString(dir.resolve("failovers.txt"), String.join("\n", failovers) + "\n");
            workload.writeEvidence(dir);
            Files.writeString(dir.resolve("reproduce.txt"), replayCommand() + "\n");
            FLEET.fleet().dumpLogs(dir, "agent");
            System.out.println("ConsensusIT: failed with seed " + seed + "; history, lock grants and container logs in "
                    + dir + "; run again with: " + replayCommand());
        } catch (IOException | RuntimeException e) {
            System.out.println("ConsensusIT: could not save the evidence to " + dir + ": " + e);
        }
    }

    @AfterAll
    void summary() {
        if (!failovers.isEmpty()) {
            System.out.println("ConsensusIT: fail-overs " + failovers + " (bound " + FAILOVER_BOUND.toMillis() + " ms)");
        }
    }
}

package io.pekonode.consensus.node;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ReadConsistency;
import io.pekonode.consensus.Versioned;
import io.pekonode.consensus.node.ConsensusSim.Node;
import io.pekonode.consensus.node.RegisterChecker.Kind;
import io.pekonode.consensus.node.RegisterChecker.Op;
import io.pekonode.consensus.raft.MemberView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One seeded run of the fault simulations that change the group: map clients and lock clients work while
 * a fault schedule runs, the membership of every member is sampled throughout, and after the faults end
 * (network healed, every node up) the group must settle back to its expected size and a final read must
 * see every acknowledged write. Judged by {@link #failures(long)}: linearizability, lock safety, the
 * membership invariants and that the group recovered.
 */
final class FaultRun {

    /** Seeds of each fault simulation in the default build; {@code -Dpekonode.consensus.faultSeeds=N} runs more. */
    static final int SEEDS = Integer.getInteger("pekonode.consensus.faultSeeds", 25);
    /** Runs only this seed when set ({@code -Dpekonode.consensus.faultSeed=N}), to replay a failure. */
    static final Long ONLY_SEED = Long.getLong("pekonode.consensus.faultSeed");

    final ConsensusSim sim;
    final ConsensusConfig config;
    final List<Op> history = new ArrayList<>();
    final List<LockSafetySimTest.Grant> grants = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    /** Committed member lists by the log index that committed them, as the members reported them. */
    final TreeMap<Long, String> configurations = new TreeMap<>();
    private final TreeMap<Long, Set<String>> membersAt = new TreeMap<>();
    private final TreeMap<Long, Set<String>> votersAt = new TreeMap<>();
    private boolean sampling = true;

    /** Voters {@code v1..v(voters+spares)} (the first {@code voters} form the group) and {@code others} non-voters. */
    FaultRun(long seed, ConsensusConfig config, int voters, int spares, int others) {
        this.config = config;
        this.sim = new ConsensusSim(seed, config);
        for (int i = 1; i <= voters + spares; i++) {
            sim.add("v" + i, true);
        }
        for (int i = 1; i <= others; i++) {
            sim.add("n" + i, false);
        }
    }

    /** Seeds 1..{@link #SEEDS}, or only the replayed one. */
    static long[] seeds(int defaultCount) {
        if (ONLY_SEED != null) {
            return new long[] {ONLY_SEED};
        }
        int count = Integer.getInteger("pekonode.consensus.faultSeeds", defaultCount);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = i + 1;
        }
        return out;
    }

    /** How to replay one seed of {@code testClass}'s {@code method} from the repository root. */
    static String replay(Class<?> testClass, String method, long seed) {
        return "replay: mvn -B -o -q -pl pekonode-consensus -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                + testClass.getSimpleName() + "#" + method + "' -Dpekonode.consensus.faultSeed=" + seed;
    }

    static Optional<Node> leader(ConsensusSim sim) {
        return ConsensusSimTest.leader(sim);
    }

    /**
     * Runs the workload for {@code millis} under {@code faults} (given the time the workload ends), then
     * heals, restarts every node and lets the group settle for {@code settleMillis}.
     */
    FaultRun run(long millis, long settleMillis, Consumer<Long> faults) {
        if (!sim.runUntil(() -> leader(sim).isPresent(), 10_000)) {
            violations.add("no leader at the start");
            return this;
        }
        sampleMembership();
        AtomicLong values = new AtomicLong();
        long end = sim.now() + millis;
        for (int c = 0; c < 4; c++) {
            Node at = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
            new ConsensusSimTest.Client(sim, at, c, history, values, end).next();
        }
        for (int c = 0; c < 3; c++) {
            Node at = sim.nodes().get(sim.random().nextInt(sim.nodes().size()));
            new LockSafetySimTest.LockClient(sim, at, 10 + c, grants, end).next();
        }
        faults.accept(end);
        sim.runFor(millis);
        sim.heal();
        sim.loss(0);
        sim.nodes().forEach(Node::restart);
        sim.runFor(settleMillis);
        finalRead();
        checkRecovered();
        sampling = false;
        return this;
    }

    /** A linearizable read after everything settled: it must see the last acknowledged write. */
    private void finalRead() {
        long invoke = sim.now();
        Node reader = sim.nodes().get(sim.nodes().size() - 1);
        CompletableFuture<Optional<Versioned>> read = reader.service.map().getAsync("k", ReadConsistency.LINEARIZABLE);
        sim.runUntil(read::isDone, 10_000);
        if (!read.isDone() || read.isCompletedExceptionally()) {
            violations.add("the final read failed after the faults ended: " + read);
            return;
        }
        Optional<Versioned> v = read.join();
        history.add(new Op(history.size(), 99, Kind.GET, v.map(x -> ConsensusSimTest.value(x.value())).orElse(-1L), 0,
                invoke, sim.now(), true, false, false, false, v.map(Versioned::version).orElse(0L)));
    }

    /**
     * Healed, with every node up: the group is back at its expected size, counting the voters it can take
     * (every live voter but a removed member of the initial list, which MicroRaft 0.7 never adds again).
     */
    private void checkRecovered() {
        Optional<Node> leader = leader(sim);
        if (leader.isEmpty()) {
            violations.add("no leader after the faults ended");
            return;
        }
        MemberView view = leader.get().service.member().orElseThrow().view();
        List<String> initial = leader.get().service.member().orElseThrow().initialMembers();
        long eligible = sim.nodes().stream().filter(n -> n.voter && n.up)
                .filter(n -> view.voters().contains(n.id) || !initial.contains(n.id)).count();
        int expected = (int) Math.min(config.expectedVoters(), eligible);
        if (view.voters().size() != expected || !view.learners().isEmpty()) {
            violations.add("the group did not settle at " + expected + " voters: " + view.voters() + " learners "
                    + view.learners());
        }
    }

    /** Every 5 ms: each running member's committed member list, by the log index that committed it. */
    private void sampleMembership() {
        for (Node n : sim.nodes()) {
            if (!n.up || n.service.member().isEmpty()) {
                continue;
            }
            MemberView v = n.service.member().get().view();
            if (v.voters().isEmpty()) {
                continue; // no report yet
            }
            Set<String> members = new HashSet<>(v.voters());
            members.addAll(v.learners());
            String described = v.voters() + " learners " + v.learners();
            String before = configurations.putIfAbsent(v.membersLogIndex(), described);
            if (before != null && !before.equals(described)) {
                violations.add("two member lists committed at log index " + v.membersLogIndex() + ": " + before
                        + " and, at " + n.id + ", " + described);
            }
            membersAt.putIfAbsent(v.membersLogIndex(), members);
            votersAt.putIfAbsent(v.membersLogIndex(), new HashSet<>(v.voters()));
            if (v.voters().size() < config.minVoters()) {
                violations.add(n.id + " at " + sim.now() + " has a committed group of " + v.voters()
                        + ", below the minimum of " + config.minVoters());
            }
        }
        if (sampling) {
            sim.post(5, this::sampleMembership);
        }
    }

    /** One change at a time: each committed member list differs from the one before by one member at most. */
    private void checkChain() {
        Map.Entry<Long, Set<String>> previous = null;
        for (Map.Entry<Long, Set<String>> e : membersAt.entrySet()) {
            if (previous != null) {
                Set<String> members = symmetricDifference(previous.getValue(), e.getValue());
                Set<String> voters = symmetricDifference(votersAt.get(previous.getKey()), votersAt.get(e.getKey()));
                if (members.size() > 1 || voters.size() > 1) {
                    violations.add("more than one change between the member lists at " + previous.getKey() + " ("
                            + configurations.get(previous.getKey()) + ") and " + e.getKey() + " ("
                            + configurations.get(e.getKey()) + ")");
                }
            }
            previous = e;
        }
    }

    private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        out.removeAll(both);
        return out;
    }

    /** The history with reads that never answered left out, renumbered densely (as the checker wants it). */
    List<Op> checkedHistory() {
        List<Op> out = new ArrayList<>();
        for (Op op : history) {
            if (op != null && (op.known() || op.kind() != Kind.GET)) {
                out.add(new Op(out.size(), op.client(), op.kind(), op.value(), op.version(), op.invoke(),
                        op.complete(), op.known(), op.ok(), op.mismatch(), op.notFound(), op.resultVersion()));
            }
        }
        return out;
    }

    /** Everything wrong with this run (empty when it passed), each line naming the seed. */
    List<String> failures(long seed) {
        checkChain();
        List<String> out = new ArrayList<>();
        violations.stream().distinct().limit(5).forEach(v -> out.add("seed " + seed + ": " + v));
        List<Op> ops = checkedHistory();
        if (!RegisterChecker.linearizable(ops)) {
            out.add("seed " + seed + ": not linearizable:\n" + String.join("\n", ops.stream().map(Op::toString).toList()));
        }
        try {
            LockSafetySimTest.check(seed, grants);
        } catch (AssertionError e) {
            out.add(e.getMessage());
        }
        return out;
    }

    void close() {
        sim.close();
    }
}

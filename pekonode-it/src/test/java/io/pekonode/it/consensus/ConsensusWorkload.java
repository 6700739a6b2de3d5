package io.pekonode.it.consensus;

import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.node.RegisterChecker;
import io.pekonode.consensus.node.RegisterChecker.Kind;
import io.pekonode.consensus.node.RegisterChecker.Op;
import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.Fleet;
import io.pekonode.it.consensus.ConsensusClient.Applied;
import io.pekonode.it.consensus.ConsensusClient.LeaderView;
import io.pekonode.it.consensus.ConsensusClient.LockReply;
import io.pekonode.it.consensus.ConsensusClient.Mismatch;
import io.pekonode.it.consensus.ConsensusClient.NoKey;
import io.pekonode.it.consensus.ConsensusClient.NotApplied;
import io.pekonode.it.consensus.ConsensusClient.Read;
import io.pekonode.it.consensus.ConsensusClient.Unknown;
import io.pekonode.it.consensus.ConsensusClient.Write;
import io.pekonode.it.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Clients of the consensus group through agents' HTTP APIs, and the judgement of what they saw: each
 * key/value call recorded in a per-key history (a timeout or broken connection as an unknown outcome),
 * each lock grant with its fencing token, a resource that refuses lower tokens. Shared by the consensus
 * container test and the chaos soak, which differ in the agents they call and the faults around them.
 */
public final class ConsensusWorkload {

    /** What the agents run: the agent has no flags for the consensus timing, so these are the module's defaults. */
    public static final ConsensusConfig AGENT = ConsensusConfig.builder().build();
    /** The HTTP deadline of a call: the agent answers within its requestTimeout (504 after it), plus transit. */
    public static final Duration CALL_TIMEOUT = AGENT.requestTimeout().plusSeconds(2);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How long a lock request waits: a new leader grants no lock for lockTtl after its election (the lock
     * delay), and the election itself takes up to a request timeout to be found by the caller.
     */
    public static final Duration LOCK_WAIT = AGENT.lockTtl().plus(AGENT.requestTimeout());
    /** Client {@code c} writes values from {@code c * VALUES_PER_CLIENT} on, so every written value is unique. */
    public static final long VALUES_PER_CLIENT = 100_000_000L;
    /** How long the checker may take on one key's history. */
    private static final Duration CHECKER_LIMIT = Duration.ofMinutes(2);

    /** One lock grant, times in microseconds since the start; {@code releaseStatus} 200 released, 404 lease lost. */
    public record Grant(int client, String through, long token, long invokedAt, long grantedAt, long releaseInvokedAt,
                        long releasedAt, int releaseStatus) {
    }

    /** The checker's verdict on one key's history. */
    public record Verdict(String key, int operations, long writes, long unknown, long reads, long millis,
                          boolean linearizable, boolean finished) {
        @Override
        public String toString() {
            return String.format("%s: %d operations (%d writes acknowledged, %d unknown, %d reads) checked in %d ms%s",
                    key, operations, writes, unknown, reads, millis, !finished ? ", NOT FINISHED"
                            : linearizable ? "" : ", NOT LINEARIZABLE");
        }
    }

    private final long epoch = System.nanoTime();
    private final Map<String, List<Op>> history = new ConcurrentHashMap<>();
    private final AtomicInteger opIds = new AtomicInteger();
    private final AtomicLong acknowledged = new AtomicLong();
    private final List<Grant> grants = new CopyOnWriteArrayList<>();
    private final AtomicLong lockUnknown = new AtomicLong();
    private final List<String> fencingViolations = new CopyOnWriteArrayList<>();
    private final Object fencedResource = new Object();
    private long fencedMax = Long.MIN_VALUE;
    private final long seed;
    private final String label;

    /** {@code label} starts the lines it prints. */
    public ConsensusWorkload(long seed, String label) {
        this.seed = seed;
        this.label = label;
    }

    // ---------------------------------------------------------------- clients

    /**
     * Until {@code running} ends: reads (4 in 10), puts, and compare-and-sets on the version this client saw
     * last (3 in 10), each through an agent of {@code through} on a key of {@code keys}, all chosen by the seed.
     */
    public void kvClient(Fleet fleet, int client, List<String> through, Supplier<List<String>> keys, long paceMillis,
                         AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(seed * 131 + client);
        Map<String, Long> lastVersion = new HashMap<>();
        long next = client * VALUES_PER_CLIENT;
        while (running.get()) {
            AgentNode node = fleet.node(through.get(random.nextInt(through.size())));
            List<String> now = keys.get();
            String key = now.get(random.nextInt(now.size()));
            int dice = random.nextInt(10);
            long seen = lastVersion.getOrDefault(key, 0L);
            if (dice < 4) {
                Read r = timedGet(node, key, client);
                if (r.ok() && r.found()) {
                    lastVersion.put(key, r.version());
                }
            } else {
                OptionalLong expected = dice >= 7 && seen > 0 ? OptionalLong.of(seen) : OptionalLong.empty();
                long value = next++;
                long invoke = now();
                Write w = ConsensusClient.put(node, key, value, expected, CALL_TIMEOUT);
                long complete = now();
                record(key, client, expected.isPresent() ? Kind.CAS : Kind.PUT, value, expected.orElse(0), invoke,
                        complete, w);
                if (w instanceof Applied a) {
                    lastVersion.put(key, a.version());
                } else if (w instanceof Mismatch m) {
                    lastVersion.put(key, m.currentVersion());
                }
            }
            pause(paceMillis);
        }
    }

    /**
     * Until {@code running} ends: asks for {@code lock} through the agent {@code through} picks (waiting up to
     * {@code wait} for it), then, while
     * holding it, writes its token to a resource that refuses lower tokens, makes one linearizable read (a
     * real round trip), writes again and releases it through the same agent.
     */
    public void lockClient(Fleet fleet, int client, String lock, Function<SplittableRandom, String> through,
                           Duration wait, long paceMillis, AtomicBoolean running) {
        SplittableRandom random = new SplittableRandom(seed * 257 + client);
        while (running.get()) {
            String alias = through.apply(random);
            AgentNode node = fleet.node(alias);
            long invokedAt = now();
            LockReply reply = ConsensusClient.lock(node, lock, wait, wait.plus(CALL_TIMEOUT));
            long grantedAt = now();
            if (reply.unknown() && lockUnknown.incrementAndGet() <= 5) {
                System.out.println(label + ": a lock request through " + alias + " with an unknown outcome: "
                        + reply.reason());
            }
            if (reply.token().isEmpty()) {
                pause(paceMillis); // no leader yet, or the wait ended: ask again
                continue;
            }
            long token = reply.token().getAsLong();
            fencedWrite(client, alias, token);
            ConsensusClient.get(node, "lock-work", CALL_TIMEOUT);
            fencedWrite(client, alias, token);
            long releaseInvokedAt = now();
            int status;
            try {
                status = ConsensusClient.unlock(node, lock, token, CALL_TIMEOUT);
            } catch (IOException e) {
                status = -1;
            }
            grants.add(new Grant(client, alias, token, invokedAt, grantedAt, releaseInvokedAt, now(), status));
            pause(paceMillis);
        }
    }

    /** A linearizable read, recorded when it answered (a failed read changes nothing and constrains nothing). */
    public Read timedGet(AgentNode node, String key, int client) {
        long invoke = now();
        Read r = ConsensusClient.get(node, key, CALL_TIMEOUT);
        long complete = now();
        if (r.ok()) {
            add(key, new Op(opIds.getAndIncrement(), client, Kind.GET, r.found() ? r.value() : -1, 0, invoke, complete,
                    true, r.found(), false, false, r.found() ? r.version() : 0));
        }
        return r;
    }

    /** A put through {@code node}, recorded; true when it was acknowledged. */
    public boolean put(AgentNode node, String key, int client, long value) {
        long invoke = now();
        Write w = ConsensusClient.put(node, key, value, OptionalLong.empty(), CALL_TIMEOUT);
        record(key, client, Kind.PUT, value, 0, invoke, now(), w);
        return w instanceof Applied;
    }

    private void record(String key, int client, Kind kind, long value, long expected, long invoke, long complete, Write w) {
        int id = opIds.getAndIncrement();
        Op op;
        if (w instanceof Applied a) {
            acknowledged.incrementAndGet();
            op = new Op(id, client, kind, value, expected, invoke, complete, true, true, false, false, a.version());
        } else if (w instanceof Mismatch m) {
            op = new Op(id, client, kind, value, expected, invoke, complete, true, false, true, false, m.currentVersion());
        } else if (w instanceof NoKey) {
            op = new Op(id, client, kind, value, expected, invoke, complete, true, false, false, true, 0);
        } else if (w instanceof Unknown) {
            op = new Op(id, client, kind, value, expected, invoke, Long.MAX_VALUE, false, false, false, false, 0);
        } else if (w instanceof NotApplied) {
            return; // nothing was written: not part of the history
        } else {
            throw new IllegalStateException("unhandled " + w);
        }
        add(key, op);
    }

    private void add(String key, Op op) {
        history.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(op);
    }

    private void fencedWrite(int client, String through, long token) {
        synchronized (fencedResource) {
            if (token < fencedMax) {
                fencingViolations.add("fenced out: lock client " + client + " (through " + through + ") wrote with token "
                        + token + " after token " + fencedMax + " had written");
            }
            fencedMax = Math.max(fencedMax, token);
        }
    }

    // ---------------------------------------------------------------- what was recorded

    /** Microseconds since the workload was created: the history's clock. */
    public long now() {
        return (System.nanoTime() - epoch) / 1_000;
    }

    public List<Op> history(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    /** Every key something was recorded for, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(history.keySet());
    }

    public long operations() {
        return history.values().stream().mapToLong(List::size).sum();
    }

    public long unknownOutcomes() {
        return history.values().stream().flatMap(List::stream).filter(o -> !o.known()).count();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public List<Grant> grants() {
        return List.copyOf(grants);
    }

    public long lockUnknown() {
        return lockUnknown.get();
    }

    /** The latest write to {@code key} acknowledged by {@code cutoff}, the highest version among them. */
    public Optional<Op> latestAcknowledged(String key, long cutoff) {
        return history(key).stream().filter(o -> o.known() && o.ok() && o.kind() != Kind.GET && o.complete() <= cutoff)
                .max(Comparator.comparingLong(Op::resultVersion));
    }

    // ---------------------------------------------------------------- judgement

    /** The history of {@code key}, unknown outcomes included, judged by the consensus module's checker. */
    public Verdict check(String key) {
        List<Op> ops = history(key);
        long writes = ops.stream().filter(o -> o.known() && o.ok() && o.kind() != Kind.GET).count();
        long reads = ops.stream().filter(o -> o.kind() == Kind.GET).count();
        long unknown = ops.stream().filter(o -> !o.known()).count();
        long start = System.nanoTime();
        ExecutorService checker = Executors.newSingleThreadExecutor();
        Future<Boolean> verdict = checker.submit(() -> RegisterChecker.linearizable(ops));
        boolean linearizable = false;
        boolean finished = true;
        try {
            linearizable = verdict.get(CHECKER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            finished = false;
        } catch (Exception e) {
            throw new IllegalStateException("the checker failed on " + key, e);
        } finally {
            checker.shutdownNow();
        }
        return new Verdict(key, ops.size(), writes, unknown, reads, (System.nanoTime() - start) / 1_000_000,
                linearizable, finished);
    }

    /**
     * Lock safety judged by the fencing tokens: tokens grow with every grant in real-time order, no holder
     * was granted the lock before the holder of a lower token began to release it (unless that lease had
     * been lost: its release answers 404), every grant has its own token, and the resource that refuses
     * lower tokens never refused one.
     */
    public List<String> lockProblems() {
        List<Grant> all = grants();
        List<String> problems = new ArrayList<>(fencingViolations);
        if (all.size() != all.stream().map(Grant::token).distinct().count()) {
            problems.add("two grants share a token: " + all.stream().collect(Collectors.groupingBy(Grant::token))
                    .values().stream().filter(g -> g.size() > 1).toList());
        }
        for (Grant a : all) {
            for (Grant b : all) {
                if (a.grantedAt() < b.invokedAt() && a.token() >= b.token()) {
                    problems.add("token went back: " + a + " was granted before " + b + " was asked for");
                }
                if (a.token() < b.token() && a.releaseStatus() == 200 && b.grantedAt() < a.releaseInvokedAt()) {
                    problems.add("overlap: " + b + " was granted while " + a + " still held the lock");
                }
            }
        }
        return problems;
    }

    /** One line: lock grants by client, the token range, leases lost before their release. */
    public String lockSummary() {
        List<Grant> all = grants();
        return String.format("%d lock grants (%s), tokens %d..%d, %d leases lost before their release, %d lock requests"
                        + " with an unknown outcome", all.size(),
                all.stream().collect(Collectors.groupingBy(g -> "client " + g.client(), Collectors.counting())),
                all.stream().mapToLong(Grant::token).min().orElse(0), all.stream().mapToLong(Grant::token).max().orElse(0),
                all.stream().filter(g -> g.releaseStatus() != 200).count(), lockUnknown.get());
    }

    /** Writes {@code history.txt} (per key, by invocation time) and {@code locks.txt} (by token) into {@code dir}. */
    public void writeEvidence(Path dir) throws IOException {
        StringBuilder ops = new StringBuilder("# per key, by invocation time (microseconds since the start);"
                + " [invoked,completed], inf = outcome unknown\n");
        for (String key : keys()) {
            ops.append("== ").append(key).append('\n');
            history(key).stream().sorted(Comparator.comparingLong(Op::invoke)).forEach(o -> ops.append(o).append('\n'));
        }
        Files.writeString(dir.resolve("history.txt"), ops.toString());
        Files.writeString(dir.resolve("locks.txt"), grants().stream().sorted(Comparator.comparingLong(Grant::token))
                .map(Grant::toString).collect(Collectors.joining("\n")) + "\n");
    }

    // ---------------------------------------------------------------- the group

    /** What each of {@code aliases} says about the group. */
    static List<LeaderView> views(Fleet fleet, List<String> aliases) throws IOException {
        List<LeaderView> views = new ArrayList<>();
        for (String alias : aliases) {
            views.add(ConsensusClient.leader(fleet.node(alias), PROBE_TIMEOUT));
        }
        return views;
    }

    /** The leader every view names, if they all name the same one. */
    static Optional<String> agreed(List<LeaderView> views) {
        Set<Optional<String>> named = views.stream().map(LeaderView::leader).collect(Collectors.toSet());
        return named.size() == 1 ? named.iterator().next() : Optional.empty();
    }

    static Optional<LeaderView> leaderView(List<LeaderView> views, String id) {
        return views.stream().filter(v -> v.localId().equals(id)).findFirst();
    }

    /** Waits until the voters name one leader, which lists all of them as voters; how long that took. */
    public static Duration awaitGroup(Fleet fleet, List<String> voters, Duration bound) {
        return Await.until("the " + voters.size() + " voters name one leader, which lists all of them as voters", bound,
                () -> views(fleet, voters), v -> agreed(v).filter(l -> leaderView(v, l)
                        .map(lv -> lv.voters().size() == voters.size()).orElse(false)).isPresent());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

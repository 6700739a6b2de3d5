package io.pekonode.it.chaos;

import io.pekonode.it.cluster.AgentNode;
import io.pekonode.it.cluster.AgentNode.ContainerState;
import io.pekonode.it.cluster.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The soak's health invariants, per container (an incarnation of an agent):
 *
 * <ul>
 *   <li>no agent crashes or restarts by itself: every container the soak sees was started by the soak;
 *       one that is not running (or is paused) was stopped (or paused) by the nemesis, and exited only after
 *       that action; Docker reports no restart and no OOM kill; the JVM's start time
 *       ({@code process.start.time}) stays what it was at the first sample;</li>
 *   <li>threads stay flat: the fewest live threads over the last {@link #POOL_IDLE_MILLIS} before the end
 *       are at most {@link #THREAD_SLACK} more than at the first sample {@link #WARM_UP} or more after the
 *       container started;</li>
 *   <li>heap after GC stays flat: the old generation after the last major collection
 *       ({@code jvm.gc.live.data.size}) at the end is at most {@link #HEAP_GROWTH_PERCENT} % (and at least
 *       {@link #HEAP_SLACK_BYTES}) above its first value after the warm-up, where two collections were seen;</li>
 *   <li>junk is counted: at each sample, the inbound drops the node counted are at least the junk frames
 *       sent to it while no fault touched it (sent at least {@link #COUNT_DELAY_MILLIS} before the sample, and
 *       no fault on that node since).</li>
 * </ul>
 */
final class HealthWatch {

    /** Time for an agent's JIT, pools and consensus client to reach their working size after a start. */
    static final long WARM_UP = 30_000;
    /**
     * Threads an agent may gain after its warm-up, judged on the fewest it had in the last
     * {@link #POOL_IDLE_MILLIS}: small pools that start threads on demand may keep a few more (the 2-minute
     * runs kept at most 2); a leak of one thread per connection, request or fault exceeds it within minutes.
     */
    static final int THREAD_SLACK = 8;
    /**
     * The HTTP server's pool grows by up to 22 threads when a backlog arrives at once (after a pause, every
     * client's waiting call) and retires idle ones after 60 s: the end level is the fewest threads over that
     * long, so such a burst does not count as growth while a leak still does.
     */
    static final long POOL_IDLE_MILLIS = 60_000;
    static final int HEAP_GROWTH_PERCENT = 50;
    static final long HEAP_SLACK_BYTES = 16L << 20;
    /** From a junk frame sent to its counting: the transport's and the loop's hand-over, plus one HTTP round. */
    static final long COUNT_DELAY_MILLIS = 2_000;

    private final class Incarnation {
        final String alias;
        final AgentNode node;
        final long startedAt;
        final String startedBy;
        final List<AgentSample> samples = new CopyOnWriteArrayList<>();
        final List<Long> junkUntouched = new CopyOnWriteArrayList<>();
        volatile String endedBy;
        volatile long endedAt;
        volatile boolean pausedByNemesis;
        volatile boolean junkReported;
        volatile boolean startReported;

        Incarnation(String alias, AgentNode node, long startedAt, String startedBy) {
            this.alias = alias;
            this.node = node;
            this.startedAt = startedAt;
            this.startedBy = startedBy;
        }
    }

    private final Map<String, Incarnation> byContainer = new ConcurrentHashMap<>();
    private final Map<String, Long> lastTouchedAt = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final Consumer<String> violations;
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    /** {@code clock}: milliseconds since the start of the run. */
    HealthWatch(LongSupplier clock, Consumer<String> violations) {
        this.clock = clock;
        this.violations = violations;
    }

    // ---------------------------------------------------------------- the nemesis tells

    void started(AgentNode node, String by) {
        byContainer.put(node.containerId(), new Incarnation(node.alias(), node, clock.getAsLong(), by));
    }

    /** Before the nemesis stops, kills or makes the node leave. */
    void ending(AgentNode node, String by) {
        Incarnation i = byContainer.get(node.containerId());
        if (i != null) {
            i.endedBy = by;
            i.endedAt = System.currentTimeMillis();
        }
    }

    void paused(AgentNode node, boolean paused) {
        Incarnation i = byContainer.get(node.containerId());
        if (i != null) {
            i.pausedByNemesis = paused;
        }
    }

    /** A fault began or ended on the node: junk sent to it before may have been lost without a count. */
    void touched(String alias) {
        lastTouchedAt.put(alias, clock.getAsLong());
    }

    /** A junk datagram or connection reached {@code node} while no fault touched it. */
    void junkSentUntouched(AgentNode node) {
        Incarnation i = byContainer.get(node.containerId());
        if (i != null) {
            i.junkUntouched.add(clock.getAsLong());
        }
    }

    // ---------------------------------------------------------------- sampling

    /** One round: Docker's view of every container ever started, and the metrics of the running ones. */
    void sample(Fleet fleet) {
        for (AgentNode node : fleet.nodes()) {
            if (!byContainer.containsKey(node.containerId()) && reported.putIfAbsent(node.containerId(), true) == null) {
                violations.accept(String.format("health at +%.1fs: %s runs in container %s, which nobody started",
                        clock.getAsLong() / 1000.0, node.alias(), node.containerId()));
            }
        }
        for (Incarnation i : byContainer.values()) {
            if (i.endedBy != null && i.endedAt + 30_000 < System.currentTimeMillis()) {
                continue; // checked once more at the end
            }
            ContainerState state;
            try {
                state = i.node.inspect();
            } catch (RuntimeException e) {
                continue; // Docker is busy; the next round or the end sees it
            }
            containerProblem(i, state).ifPresent(p -> report(i, "container", p));
            if (!state.running() || state.paused()) {
                continue;
            }
            AgentSample s;
            long at = clock.getAsLong();
            try {
                s = AgentSample.parse(at, SoakClient.metrics(i.node));
            } catch (IOException | RuntimeException e) {
                continue; // busy, or frozen by a fault
            }
            if (!i.samples.isEmpty() && i.samples.get(0).processStart() != s.processStart()) {
                report(i, "jvm", String.format("%s's JVM started again inside container %s: process start %s, first seen %s",
                        i.alias, shortId(i), Instant.ofEpochMilli((long) (s.processStart() * 1000)),
                        Instant.ofEpochMilli((long) (i.samples.get(0).processStart() * 1000))));
            }
            i.samples.add(s);
            long since = lastTouchedAt.getOrDefault(i.alias, Long.MIN_VALUE);
            long owed = i.junkUntouched.stream().filter(t -> t > since && t < at - COUNT_DELAY_MILLIS).count();
            if (s.inboundDropped() < owed && !i.junkReported) {
                i.junkReported = true;
                violations.accept(String.format("junk not counted at +%.1fs: %s (container %s) counted %d inbound drops %s,"
                        + " but %d junk frames were sent to it while no fault touched it", at / 1000.0, i.alias, shortId(i),
                        s.inboundDropped(), s.inboundReasons(), owed));
            }
        }
    }

    private Optional<String> containerProblem(Incarnation i, ContainerState state) {
        if (state.oomKilled()) {
            return Optional.of(i.alias + "'s container " + shortId(i) + " was OOM-killed");
        }
        if (state.restartCount() > 0) {
            return Optional.of(i.alias + "'s container " + shortId(i) + " was restarted " + state.restartCount()
                    + " times by Docker");
        }
        if (state.paused() && !i.pausedByNemesis) {
            return Optional.of(i.alias + "'s container " + shortId(i) + " is paused, but the nemesis did not pause it");
        }
        if (!state.running()) {
            if (i.endedBy == null) {
                return Optional.of(i.alias + "'s container " + shortId(i) + " exited by itself with code "
                        + state.exitCode() + " at " + state.finishedAt());
            }
            Optional<Instant> finished = parse(state.finishedAt());
            if (finished.isPresent() && finished.get().toEpochMilli() < i.endedAt - 1_000) {
                return Optional.of(i.alias + "'s container " + shortId(i) + " exited (code " + state.exitCode() + ") at "
                        + finished.get() + ", before the nemesis's " + i.endedBy + " at " + Instant.ofEpochMilli(i.endedAt));
            }
        }
        return Optional.empty();
    }

    private void report(Incarnation i, String kind, String problem) {
        if (reported.putIfAbsent(i.node.containerId() + kind, true) == null) {
            violations.accept(String.format("health at +%.1fs: %s", clock.getAsLong() / 1000.0, problem));
        }
    }

    // ---------------------------------------------------------------- the end

    /**
     * After the final heal and a last {@link #sample}: the running containers must be exactly the last
     * incarnation of each node, every earlier one ended by the nemesis, and threads and heap after GC within
     * their bounds. Returns a summary for the log.
     */
    String checkAtTheEnd(Fleet fleet) {
        for (AgentNode node : fleet.nodes()) {
            Incarnation i = byContainer.get(node.containerId());
            if (i != null && i.endedBy != null) {
                report(i, "end", node.alias() + "'s current container " + shortId(i) + " was ended by the nemesis ("
                        + i.endedBy + ") yet is the current one");
            }
        }
        int threadsChecked = 0;
        int heapChecked = 0;
        int maxThreadGain = Integer.MIN_VALUE;
        double maxHeapGrowth = 0;
        for (Incarnation i : byContainer.values()) {
            ContainerState state;
            try {
                state = i.node.inspect();
            } catch (RuntimeException e) {
                violations.accept("health: cannot inspect " + i.alias + "'s container " + shortId(i) + ": " + e);
                continue;
            }
            containerProblem(i, state).ifPresent(p -> report(i, "container", p));
            if (i.endedBy != null || i.samples.isEmpty()) {
                continue;
            }
            AgentSample last = i.samples.get(i.samples.size() - 1);
            Optional<AgentSample> warm = i.samples.stream().filter(s -> s.atMillis() >= i.startedAt + WARM_UP).findFirst();
            if (warm.isPresent() && warm.get() != last) {
                threadsChecked++;
                int settled = (int) i.samples.stream().filter(s -> s.atMillis() >= warm.get().atMillis()
                        && s.atMillis() >= last.atMillis() - POOL_IDLE_MILLIS).mapToDouble(AgentSample::threads).min()
                        .orElse(last.threads());
                int gain = settled - (int) warm.get().threads();
                maxThreadGain = Math.max(maxThreadGain, gain);
                if (gain > THREAD_SLACK) {
                    violations.accept(String.format("threads grew: %s (container %s) had at least %d live threads over"
                            + " the last %d s (%d at the end), %d after its warm-up at +%.1fs (bound: %d more)", i.alias,
                            shortId(i), settled, POOL_IDLE_MILLIS / 1000, (int) last.threads(), (int) warm.get().threads(),
                            warm.get().atMillis() / 1000.0, THREAD_SLACK));
                }
                List<AgentSample> collected = i.samples.stream().filter(s -> s.atMillis() >= warm.get().atMillis()
                        && s.liveDataBytes() > 0).toList();
                if (collected.size() >= 2 && collected.get(0).liveDataBytes() != collected.get(collected.size() - 1)
                        .liveDataBytes()) {
                    heapChecked++;
                    double first = collected.get(0).liveDataBytes();
                    double end = collected.get(collected.size() - 1).liveDataBytes();
                    maxHeapGrowth = Math.max(maxHeapGrowth, (end - first) / first * 100);
                    double bound = first + Math.max(first * HEAP_GROWTH_PERCENT / 100, HEAP_SLACK_BYTES);
                    if (end > bound) {
                        violations.accept(String.format("heap after GC grew: %s (container %s) holds %.1f MiB after its"
                                + " last major collection, %.1f MiB after its first after the warm-up (bound %.1f MiB)",
                                i.alias, shortId(i), end / (1 << 20), first / (1 << 20), bound / (1 << 20)));
                    }
                }
            }
        }
        return String.format("%d containers, %d ended by the nemesis; threads checked on %d (largest gain %d, bound %d);"
                + " heap after GC checked on %d (largest growth %.0f %%, bound %d %% or %d MiB)", byContainer.size(),
                byContainer.values().stream().filter(i -> i.endedBy != null).count(), threadsChecked,
                threadsChecked == 0 ? 0 : maxThreadGain, THREAD_SLACK, heapChecked, maxHeapGrowth, HEAP_GROWTH_PERCENT,
                HEAP_SLACK_BYTES >> 20);
    }

    /** The latest sample of the node's current container. */
    Optional<AgentSample> latest(AgentNode node) {
        Incarnation i = byContainer.get(node.containerId());
        return i == null || i.samples.isEmpty() ? Optional.empty() : Optional.of(i.samples.get(i.samples.size() - 1));
    }

    /** Every sample of every container as CSV, for the evidence. */
    void writeSamples(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("alias,container,started_by,ended_by,at_ms,threads,live_data_bytes,"
                + "heap_used_bytes,inbound_dropped,junk_sent_untouched\n");
        Map<String, Incarnation> sorted = new LinkedHashMap<>();
        byContainer.values().stream().sorted((a, b) -> Long.compare(a.startedAt, b.startedAt))
                .forEach(i -> sorted.put(i.node.containerId(), i));
        for (Incarnation i : sorted.values()) {
            for (AgentSample s : new ArrayList<>(i.samples)) {
                csv.append(String.join(",", i.alias, shortId(i), i.startedBy, String.valueOf(i.endedBy),
                        String.valueOf(s.atMillis()), String.valueOf((long) s.threads()),
                        String.valueOf((long) s.liveDataBytes()), String.valueOf((long) s.heapUsedBytes()),
                        String.valueOf(s.inboundDropped()), String.valueOf(i.junkUntouched.size()))).append('\n');
            }
        }
        Files.writeString(file, csv.toString());
    }

    private static String shortId(Incarnation i) {
        String id = i.node.containerId();
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static Optional<Instant> parse(String dockerTime) {
        try {
            return Optional.of(Instant.parse(dockerTime));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}

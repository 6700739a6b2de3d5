package io.pekonode.testkit.sim;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.testkit.sim.ChaosFault.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Runs a {@link ChaosSchedule} against a simulated, formed cluster while a client writes and deletes
 * keys through random live nodes, and checks what the cluster guarantees:
 *
 * <ul>
 *   <li><b>No false deaths</b>, continuously: a node that no fault touches is never declared dead by a
 *       node that no fault touches. A node counts as touched while a fault acts on it and for a grace
 *       period after the heal (a suspicion raised during the fault can still run its course); a
 *       partition of halves, a bridge and global loss touch every node.</li>
 *   <li><b>No ghosts</b>, sampled continuously and checked in full at the end: a live node knows each
 *       member once, under its id, and no two live members share an address.</li>
 *   <li><b>Convergence</b> after the final heal: every live node sees every live node alive within
 *       {@link #membershipBoundMillis}, then every node holds the same metadata digest within
 *       {@link #metadataBoundMillis}.</li>
 *   <li><b>No lost writes</b>: every acknowledged write (a tombstone counts) is held by every live node
 *       at the end, or superseded by a higher version.</li>
 * </ul>
 *
 * A crashed node comes back from the save its data directory held, taken at a random moment in the last
 * save interval before the crash, so writes it acknowledged after that save survive only if they had
 * spread.
 */
final class ChaosSoak {

    /** What to run besides the schedule. */
    record Settings(ClusterConfig config, long writeEveryMillis, int keys, double removeShare) {
    }

    /** An acknowledged write: the version the node returned. A remove acknowledges a tombstone. */
    record Ack(String key, HlcTimestamp version, boolean tombstone, int slot, long atMillis) {
    }

    /** What a run found: measured figures by name and every invariant violated. */
    record Result(ChaosSchedule schedule, Map<String, Object> figures, List<String> violations) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private static final int MAX_VIOLATIONS_KEPT = 50;

    private final ChaosSchedule schedule;
    private final Settings settings;
    private final int n;
    private final Simulation sim;
    private final ProtocolBounds bounds;
    private final long graceMillis;
    private final SimNode[] current;
    private final Simulation.SavedState[] saves;
    private final Map<String, Integer> slotOf = new HashMap<>();
    private final int[] faultDepth;
    private final long[] touchedUntil;
    private final boolean[] everTouched;
    private int networkDepth;
    private long networkTouchedUntil = Long.MIN_VALUE;
    private final List<ChaosFault> activeLoss = new ArrayList<>();
    private final SplittableRandom clientRandom;
    private final SplittableRandom checkRandom;
    private final List<Ack> acks = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private long start;
    private boolean writing = true;
    private long deathsDeclared;
    private long restarts;
    private long ghostSamples;
    /** Coverage of the no-false-death check: untouched nodes summed over each virtual second. */
    private long untouchedNodeSeconds;
    /** Virtual seconds in which at least two nodes were untouched, so a false death could be caught. */
    private long checkedSeconds;

    ChaosSoak(ChaosSchedule schedule, Settings settings) {
        this.schedule = schedule;
        this.settings = settings;
        this.n = schedule.plan().n();
        this.sim = Simulation.builder().seed(schedule.seed()).config(settings.config()).expectedNodes(2 * n)
                .checkIntervalMillis(100).build();
        this.bounds = new ProtocolBounds(settings.config(), n);
        this.graceMillis = bounds.healMillis() + bounds.suspicionMaxMillis();
        this.current = new SimNode[n];
        this.saves = new Simulation.SavedState[n];
        this.faultDepth = new int[n];
        this.touchedUntil = new long[n];
        this.everTouched = new boolean[n];
        this.clientRandom = new SplittableRandom(schedule.seed() * 31 + 7);
        this.checkRandom = new SplittableRandom(schedule.seed() * 31 + 11);
        java.util.Arrays.fill(touchedUntil, Long.MIN_VALUE);
    }

    /** Until every live node sees every live node alive, after the final heal: see the class comment of the bound. */
    long membershipBoundMillis() {
        // A suspicion raised just before the heal can still run its longest (unconfirmed) course into a
        // false death, which then heals like a partition.
        return bounds.suspicionMaxMillis() + bounds.healMillis();
    }

    /**
     * Until every node holds the same metadata, once membership has converged. An entry that gossip
     * missed at some nodes (lost packets, a partition, a node down) reaches them by anti-entropy: each
     * node takes part in about two syncs per scaled push-pull interval T (its own and, on average, one
     * that another node starts with it), and a difference found in a sync is re-gossiped. A node then
     * goes t without a sync with probability about e^(-2t/T); for every one of N nodes to have had one
     * with a risk below 1e-4, t = T ln(N 10^4) / 2, plus a dissemination for the re-gossip.
     */
    long metadataBoundMillis() {
        long interval = scaledPushPullMillis();
        return (long) Math.ceil(interval * Math.log(n * 1e4) / 2) + bounds.disseminationMillis();
    }

    private long scaledPushPullMillis() {
        double scale = n <= 32 ? 1 : Math.ceil(Math.log(n) / Math.log(2) - 5) + 1;
        return (long) (scale * settings.config().antiEntropy().pushPullInterval().toMillis());
    }

    Result run() {
        long wallStart = System.nanoTime();
        List<SimNode> nodes = sim.startFormedCluster(n);
        for (int i = 0; i < n; i++) {
            current[i] = nodes.get(i);
            slotOf.put(nodes.get(i).id(), i);
        }
        sim.addListener(this::onEvent);
        start = sim.now();
        for (ChaosFault fault : schedule.faults()) {
            scheduleFault(fault);
        }
        scheduleWrites();
        scheduleGhostSamples();
        scheduleCoverageSamples();
        long lastHeal = schedule.lastHealMillis();
        sim.schedule(lastHeal, () -> writing = false);
        sim.runFor(lastHeal + 1);
        finalHeal();
        figures.put("faults", schedule.faults().size());
        figures.put("virtualMillis", sim.elapsedMillis());
        figures.put("acknowledgedWrites", acks.size());
        figures.put("restarts", restarts);
        figures.put("deathsDeclared", deathsDeclared);
        figures.put("ghostSamples", ghostSamples);
        figures.put("neverTouchedNodes", countNeverTouched());
        figures.put("falseDeathCheckedSeconds", checkedSeconds);
        figures.put("falseDeathUntouchedNodeSeconds", untouchedNodeSeconds);
        figures.put("falseDeathGraceMillis", graceMillis);
        checkConvergence();
        checkNoLostWrites();
        checkNoGhosts(sim.liveNodes(), true);
        figures.put("wallMillis", (System.nanoTime() - wallStart) / 1_000_000);
        return new Result(schedule, figures, List.copyOf(violations));
    }

    // ---------------------------------------------------------------- faults

    private void scheduleFault(ChaosFault f) {
        switch (f.kind()) {
            case CRASH_RESTART -> {
                int slot = f.slots().get(0);
                at(f.startMillis(), () -> crash(slot));
                at(f.endMillis(), () -> restart(slot));
            }
            case PAUSE -> {
                int slot = f.slots().get(0);
                at(f.startMillis(), () -> {
                    touch(slot);
                    sim.freeze(current[slot]);
                });
                at(f.endMillis(), () -> {
                    sim.thaw(current[slot]);
                    untouch(slot);
                });
            }
            case LEAVE_REJOIN -> {
                int slot = f.slots().get(0);
                at(f.startMillis(), () -> {
                    touch(slot);
                    current[slot].leave();
                });
                // The process exits after its leave has gone out, saving its state on the way.
                long exit = Math.min(f.durationMillis() / 2, settings.config().lifecycle().closeLeaveTimeout().toMillis());
                at(f.startMillis() + exit, () -> {
                    saves[slot] = sim.saveState(current[slot]);
                    sim.crash(current[slot]);
                });
                at(f.endMillis(), () -> {
                    restartFromSave(slot);
                    untouch(slot);
                });
            }
            case ROLLING_RESTART, ZONE_OUTAGE -> {
                for (int i = 0; i < f.slots().size(); i++) {
                    int slot = f.slots().get(i);
                    long offset = f.kind() == Kind.ROLLING_RESTART ? i * f.gapMillis() : 0;
                    at(f.startMillis() + offset, () -> crash(slot));
                    at(f.startMillis() + offset + f.durationMillis(), () -> restart(slot));
                }
            }
            case PARTITION_HALVES -> {
                at(f.startMillis(), () -> {
                    networkDepth++;
                    sim.network().partition(nodesOf(f.slots()));
                });
                at(f.endMillis(), () -> {
                    sim.network().heal();
                    networkDepth--;
                    networkTouchedUntil = sim.now() + graceMillis;
                });
            }
            case BRIDGE -> {
                int bridge = f.slots().get(f.slots().size() - 1);
                at(f.startMillis(), () -> {
                    networkDepth++;
                    touch(bridge);
                    sim.network().partition(nodesOf(f.slots().subList(0, f.slots().size() - 1)));
                    sim.network().bridge(current[bridge]);
                });
                at(f.endMillis(), () -> {
                    sim.network().heal();
                    untouch(bridge);
                    networkDepth--;
                    networkTouchedUntil = sim.now() + graceMillis;
                });
            }
            case ISOLATE -> {
                int slot = f.slots().get(0);
                at(f.startMillis(), () -> {
                    touch(slot);
                    sim.network().isolate(current[slot]);
                });
                at(f.endMillis(), () -> {
                    sim.network().heal();
                    untouch(slot);
                });
            }
            case LOSS -> {
                at(f.startMillis(), () -> {
                    f.slots().forEach(this::touch);
                    activeLoss.add(f);
                    applyLinkLoss();
                });
                at(f.endMillis(), () -> {
                    activeLoss.remove(f);
                    applyLinkLoss();
                    f.slots().forEach(this::untouch);
                });
            }
            case GLOBAL_LOSS -> {
                at(f.startMillis(), () -> {
                    networkDepth++;
                    sim.network().lossRate(f.lossRate());
                });
                at(f.endMillis(), () -> {
                    sim.network().lossRate(0);
                    networkDepth--;
                    networkTouchedUntil = sim.now() + graceMillis;
                });
            }
            default -> throw new IllegalStateException("unhandled fault " + f.kind());
        }
    }

    /** Runs {@code action} at {@code millis} after the start of the schedule. */
    private void at(long millis, Runnable action) {
        sim.schedule(Math.max(0, start + millis - sim.now()), action);
    }

    /** kill -9: the data directory holds what the last periodic save wrote, up to one save interval ago. */
    private void crash(int slot) {
        touch(slot);
        SimNode node = current[slot];
        long saveInterval = settings.config().persistence().stateSaveInterval().toMillis();
        long lag = checkRandom.nextLong(saveInterval);
        // The save lag is applied by saving now and crashing `lag` later: the same loss window.
        saves[slot] = sim.saveState(node);
        sim.schedule(lag, () -> sim.crash(node));
    }

    private void restart(int slot) {
        restartFromSave(slot);
        untouch(slot);
    }

    private void restartFromSave(int slot) {
        SimNode old = current[slot];
        sim.crash(old);
        current[slot] = sim.restartFromSavedState(old, saves[slot], seedsFor(slot));
        saves[slot] = null;
        restarts++;
    }

    /** The nodes an agent would list as its seeds: three fixed slots (another one for those three themselves). */
    private SimNode[] seedsFor(int slot) {
        List<SimNode> seeds = new ArrayList<>(3);
        for (int s = 0; seeds.size() < 3 && s < n; s++) {
            if (s != slot) {
                seeds.add(current[s]);
            }
        }
        return seeds.toArray(SimNode[]::new);
    }

    private void applyLinkLoss() {
        sim.network().clearLinks();
        for (ChaosFault f : activeLoss) {
            for (int slot : f.slots()) {
                SimNode lossy = current[slot];
                for (SimNode other : current) {
                    if (other != lossy) {
                        sim.network().linkLoss(lossy, other, f.lossRate());
                    }
                }
            }
        }
    }

    private List<SimNode> nodesOf(List<Integer> slots) {
        List<SimNode> nodes = new ArrayList<>(slots.size());
        for (int slot : slots) {
            nodes.add(current[slot]);
        }
        return nodes;
    }

    private void touch(int slot) {
        faultDepth[slot]++;
        everTouched[slot] = true;
    }

    private void untouch(int slot) {
        faultDepth[slot]--;
        touchedUntil[slot] = sim.now() + graceMillis;
    }

    private boolean touched(int slot) {
        long now = sim.now();
        return faultDepth[slot] > 0 || now < touchedUntil[slot] || networkDepth > 0 || now < networkTouchedUntil;
    }

    private int countNeverTouched() {
        int count = 0;
        for (boolean t : everTouched) {
            count += t ? 0 : 1;
        }
        return count;
    }

    // ---------------------------------------------------------------- client

    private void scheduleWrites() {
        everyWhileWriting(settings.writeEveryMillis(), this::write);
    }

    /** Runs {@code body} every {@code millis} of virtual time until the client stops writing at the final heal. */
    private void everyWhileWriting(long millis, Runnable body) {
        sim.schedule(millis, new Runnable() {
            @Override
            public void run() {
                if (!writing) {
                    return;
                }
                body.run();
                sim.schedule(millis, this);
            }
        });
    }

    private void write() {
        int slot = clientRandom.nextInt(n);
        String key = "key-" + clientRandom.nextInt(settings.keys());
        boolean remove = clientRandom.nextDouble() < settings.removeShare();
        SimNode node = current[slot];
        if (node.status() != SimNode.Status.RUNNING || node.left) {
            return; // the client's request fails: nothing acknowledged
        }
        HlcTimestamp version = remove ? node.remove(key)
                : node.publish(key, (node.id() + "@" + sim.elapsedMillis()).getBytes(StandardCharsets.UTF_8));
        acks.add(new Ack(key, version, remove, slot, sim.elapsedMillis()));
    }

    // ---------------------------------------------------------------- invariants

    private void onEvent(long timeMillis, SimNode observer, ClusterEvent event) {
        if (!(event instanceof ClusterEvent.MemberFailed failed)) {
            return;
        }
        deathsDeclared++;
        Integer target = slotOf.get(failed.member().id());
        Integer by = slotOf.get(observer.id());
        if (target == null || by == null) {
            violation("ghost: " + observer.id() + " declared an unknown member " + failed.member().id() + " dead");
            return;
        }
        if (!touched(target) && !touched(by) && current[target].isLive()) {
            violation(String.format("false death at +%.1fs: untouched %s declared untouched, live %s dead",
                    (timeMillis - start) / 1000.0, observer.id(), failed.member().id()));
        }
    }

    /**
     * Samples, once a virtual second, how many nodes the no-false-death check covers then, so that a
     * schedule whose faults touch every node all the time shows up as a check with nothing to check.
     */
    private void scheduleCoverageSamples() {
        everyWhileWriting(1_000, () -> {
            int untouched = 0;
            for (int slot = 0; slot < n; slot++) {
                if (!touched(slot)) {
                    untouched++;
                }
            }
            untouchedNodeSeconds += untouched;
            if (untouched >= 2) {
                checkedSeconds++;
            }
        });
    }

    private void scheduleGhostSamples() {
        everyWhileWriting(10_000, () -> {
            List<SimNode> sample = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SimNode node = current[checkRandom.nextInt(n)];
                if (node.status() != SimNode.Status.CRASHED) {
                    sample.add(node);
                }
            }
            checkNoGhosts(sample, false);
            ghostSamples += sample.size();
        });
    }

    /**
     * Each observer knows each member once under a known id, no two live members share an address, and
     * (once settled) the members it holds alive are exactly the live nodes.
     */
    private void checkNoGhosts(List<SimNode> observers, boolean settled) {
        Set<String> liveIds = new HashSet<>();
        for (SimNode node : current) {
            if (node.isLive()) {
                liveIds.add(node.id());
            }
        }
        for (SimNode observer : observers) {
            Set<String> ids = new HashSet<>();
            Map<NodeAddress, String> activeAt = new HashMap<>();
            Set<String> alive = new HashSet<>();
            for (Member m : observer.members()) {
                if (!ids.add(m.id())) {
                    violation("ghost: " + observer.id() + " lists " + m.id() + " twice");
                }
                if (!slotOf.containsKey(m.id())) {
                    violation("ghost: " + observer.id() + " knows " + m.id() + ", an id no node ever had");
                }
                if (m.state().isActive()) {
                    String other = activeAt.put(m.address(), m.id());
                    if (other != null) {
                        violation("ghost: " + observer.id() + " holds " + other + " and " + m.id() + " active at "
                                + m.address());
                    }
                }
                if (m.state() == MemberState.ALIVE) {
                    alive.add(m.id());
                }
            }
            if (settled && !alive.equals(liveIds)) {
                Set<String> extra = new HashSet<>(alive);
                extra.removeAll(liveIds);
                Set<String> missing = new HashSet<>(liveIds);
                missing.removeAll(alive);
                violation("after the heal " + observer.id() + " holds alive " + alive.size() + " members, not the "
                        + liveIds.size() + " live ones; extra " + first(extra) + ", missing " + first(missing));
            }
        }
    }

    private void finalHeal() {
        sim.network().heal();
        sim.network().clearLinks();
        sim.network().lossRate(0);
        for (int slot = 0; slot < n; slot++) {
            if (current[slot].status() == SimNode.Status.FROZEN) {
                violation("schedule left " + current[slot].id() + " paused");
                sim.thaw(current[slot]);
            }
            if (!current[slot].isLive()) {
                violation("schedule left " + current[slot].id() + " down");
            }
        }
    }

    private void checkConvergence() {
        long healedAt = sim.now();
        long memberBound = membershipBoundMillis();
        boolean members = sim.runUntil(sim.views()::convergedAlive, 4 * memberBound);
        long membersMillis = sim.now() - healedAt;
        figures.put("membersConvergedMillis", members ? membersMillis : -1);
        figures.put("membersBoundMillis", memberBound);
        if (!members || membersMillis > memberBound) {
            violation("members converged " + (members ? "after " + membersMillis + " ms" : "not within " + 4 * memberBound
                    + " ms (" + SimClusters.divergence(sim) + ")") + ", bound " + memberBound + " ms");
        }
        long metaStart = sim.now();
        long metaBound = metadataBoundMillis();
        boolean same = false;
        while (sim.now() - metaStart <= 4 * metaBound) {
            if (sameDigestEverywhere()) {
                same = true;
                break;
            }
            sim.runFor(1_000);
        }
        long metaMillis = sim.now() - metaStart;
        figures.put("metadataConvergedMillis", same ? metaMillis : -1);
        figures.put("metadataBoundMillis", metaBound);
        if (!same || metaMillis > metaBound) {
            violation("metadata digests " + (same ? "agreed after " + metaMillis + " ms" : "still differ after "
                    + metaMillis + " ms") + ", bound " + metaBound + " ms");
        }
    }

    private boolean sameDigestEverywhere() {
        Long first = null;
        for (SimNode node : sim.liveNodes()) {
            long digest = digest(node);
            if (first == null) {
                first = digest;
            } else if (first != digest) {
                return false;
            }
        }
        return true;
    }

    /** A hash of every (key, version) pair the node holds, tombstones included, independent of order. */
    private static long digest(SimNode node) {
        long sum = 0;
        for (MetadataEntry e : node.core().metadataEntries()) {
            sum += (e.key().hashCode() * 0x9E3779B97F4A7C15L) ^ e.version().hashCode() * 31L + (e.isTombstone() ? 1 : 0);
        }
        return sum;
    }

    private void checkNoLostWrites() {
        Map<String, Ack> latest = new HashMap<>();
        for (Ack ack : acks) {
            latest.merge(ack.key(), ack, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        long lost = 0;
        for (SimNode node : sim.liveNodes()) {
            Map<String, HlcTimestamp> held = new HashMap<>();
            for (MetadataEntry e : node.core().metadataEntries()) {
                held.put(e.key(), e.version());
            }
            for (Ack ack : latest.values()) {
                HlcTimestamp version = held.get(ack.key());
                if (version == null || version.compareTo(ack.version()) < 0) {
                    if (lost++ < 5) {
                        violation("lost write: " + node.id() + " holds " + ack.key() + " at " + version + ", but " + ack
                                + " was acknowledged");
                    }
                }
            }
        }
        figures.put("lostWrites", lost);
        figures.put("keysChecked", latest.size());
    }

    private void violation(String text) {
        if (violations.size() < MAX_VIOLATIONS_KEPT) {
            violations.add(text);
        }
    }

    private static String first(Set<String> ids) {
        return ids.size() <= 5 ? ids.toString() : new ArrayList<>(ids).subList(0, 5) + "...";
    }
}

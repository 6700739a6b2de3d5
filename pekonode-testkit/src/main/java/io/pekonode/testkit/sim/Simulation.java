package io.pekonode.testkit.sim;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.LocalNode;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.core.ProtocolCore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A deterministic simulation of a PekoNode cluster: many {@link ProtocolCore}s in one thread under
 * virtual time, talking through a {@link SimNetwork} with latency, loss and partitions. No sockets,
 * threads or sleeps; the same seed and the same calls give the same run, event for event.
 *
 * <pre>{@code
 * Simulation sim = Simulation.builder().seed(7).config(ClusterConfig.lan().build()).build();
 * List<SimNode> nodes = sim.startCluster(200, 10);
 * sim.runUntil(sim.views()::converged, 60_000);
 * sim.crash(nodes.get(5));
 * sim.runUntil(() -> sim.views().observersSeeing(nodes.get(5).id(), MemberState.DEAD)
 *         == sim.views().liveObservers(), 60_000);
 * }</pre>
 *
 * <p>How it runs: one agenda of actions ordered by (virtual time, sequence number). Each node has at
 * most one live wake-up on it, at its core's {@link ProtocolCore#nextWakeupMillis()}; after every
 * input (a delivery, a tick, a command) the node's outbound messages enter the network and its
 * events go to the listeners. Not thread-safe: drive it from one thread.
 */
public final class Simulation {

    private static final Logger LOG = LogManager.getLogger(Simulation.class);

    private final ClusterConfig config;
    private final int packetBudget;
    private final ToIntFunction<WireMessage> sizer;
    private final long startMillis;
    private final int frozenInboxLimit;
    private final long checkIntervalMillis;
    private final ProtocolFactory factory;
    private final SplittableRandom nodeSeeds;

    private final EventQueue queue;
    private final SimNetwork network;
    private final TrafficStats traffic;
    private final SimTimings timings = new SimTimings();
    private final MembershipViews views = new MembershipViews();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<NodeAddress, SimNode> byAddress = new HashMap<>();
    /** Addresses of crashed processes whose hosts still answer, so connects there are refused. */
    private final Map<NodeAddress, SimNode> closedPorts = new HashMap<>();
    private final List<SimEventListener> listeners = new ArrayList<>();
    private final List<SimMessageListener> messageListeners = new ArrayList<>();
    private long now;
    private int liveCount;
    private int restarts;
    private long overdueWakeups;
    private long refusalsHeard;

    /** Creates the protocol run by each node; the real core unless a harness test swaps in a fake. */
    @FunctionalInterface
    interface ProtocolFactory {
        NodeProtocol create(ClusterConfig config, LocalNode self, int packetBudget, RandomGenerator random);
    }

    private Simulation(Builder b) {
        this.config = b.config;
        this.packetBudget = b.packetBudget.orElse(b.config.network().maxPacketSize());
        this.sizer = b.sizer;
        this.startMillis = b.startMillis;
        this.frozenInboxLimit = b.frozenInboxLimit;
        this.checkIntervalMillis = b.checkIntervalMillis;
        this.factory = b.factory;
        this.nodeSeeds = new SplittableRandom(b.seed ^ 0x9E3779B97F4A7C15L);
        this.queue = new EventQueue(b.expectedNodes * 16);
        this.network = new SimNetwork(new SplittableRandom(b.seed), b.baseLatency, b.jitter, b.lossRate);
        network.reliableFailureRate(b.reliableFailureRate);
        this.traffic = new TrafficStats(b.expectedNodes);
        this.now = b.startMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- nodes

    /** Creates and starts a node (not joined to anyone) with the next free synthetic address. */
    public SimNode addNode() {
        return addNode(0);
    }

    /** Like {@link #addNode()}, with the node's clock {@code clockOffsetMillis} ahead (or behind) of virtual time. */
    public SimNode addNode(long clockOffsetMillis) {
        int index = nodes.size();
        return createNode("node-" + index, addressFor(index), 0, clockOffsetMillis, List.of());
    }

    /** Creates and starts {@code count} nodes. */
    public List<SimNode> addNodes(int count) {
        List<SimNode> added = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            added.add(addNode());
        }
        return added;
    }

    /**
     * Creates {@code count} nodes; the first starts alone and the others join it, the i-th
     * {@code i * staggerMillis} from now (0 joins them all at once). Run the simulation to let them join.
     */
    public List<SimNode> startCluster(int count, long staggerMillis) {
        List<SimNode> added = addNodes(count);
        SimNode seed = added.get(0);
        for (int i = 1; i < count; i++) {
            SimNode node = added.get(i);
            schedule(i * staggerMillis, () -> join(node, seed));
        }
        return added;
    }

    /**
     * Creates {@code count} nodes as an already-formed cluster: every core starts out knowing all
     * {@code count} members alive at incarnation 0 ({@link ProtocolCore#restoreMembers}, so nothing is
     * gossiped and no join events fire), and the {@link #views()} see everyone alive at once. All
     * nodes share one immutable list of shared {@link Member} instances, so the members' own objects
     * are held once rather than once per node.
     *
     * <p>Use it to measure steady-state behaviour at large N (failure detection, dissemination, idle
     * traffic, false positives) without the O(N²) join storm that {@link #startCluster} reproduces; it
     * says nothing about how fast a cluster forms. Timers start spread over one interval, as after
     * {@link #addNode()}. Only for the real core.
     */
    public List<SimNode> startFormedCluster(int count) {
        int first = nodes.size();
        Member[] members = new Member[count];
        for (int i = 0; i < count; i++) {
            String id = "node-" + (first + i);
            members[i] = new Member(id, id, addressFor(first + i), config.tags(), MemberState.ALIVE, 0);
        }
        List<Member> shared = List.of(members);
        List<SimNode> added = new ArrayList<>(count);
        for (Member m : shared) {
            added.add(createNode(m.id(), m.address(), 0, 0, shared));
        }
        views.formed(added);
        return added;
    }

    /** The node joins through the given seeds' addresses. */
    public void join(SimNode node, SimNode... seeds) {
        List<NodeAddress> addresses = new ArrayList<>(seeds.length);
        for (SimNode seed : seeds) {
            addresses.add(seed.address());
        }
        join(node, addresses);
    }

    public void join(SimNode node, List<NodeAddress> seeds) {
        command(node, () -> {
            node.protocol.join(local(node), seeds);
            return null;
        });
    }

    /** Every node ever added, in creation order (crashed ones and restarts' predecessors included). */
    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public SimNode node(int index) {
        return nodes.get(index);
    }

    /** Nodes neither crashed nor left. O(nodes). */
    public List<SimNode> liveNodes() {
        List<SimNode> live = new ArrayList<>(liveCount);
        for (SimNode node : nodes) {
            if (node.isLive()) {
                live.add(node);
            }
        }
        return live;
    }

    public int liveCount() {
        return liveCount;
    }

    /** True when {@code predicate} holds for every live node. */
    public boolean everyLiveNodeSees(Predicate<SimNode> predicate) {
        for (SimNode node : nodes) {
            if (node.isLive() && !predicate.test(node)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- faults

    /**
     * Kills the node's process: it stops at once, and its address drops everything until a restart.
     * Its host stays up, so a reliable message to the address is refused (the sender hears of it one
     * round trip later), as the host of a killed process answers a connect with a reset. For a host
     * that is gone as a whole, see {@link #crashHost}.
     */
    public void crash(SimNode node) {
        crashHost(node);
        closedPorts.put(node.address(), node);
    }

    /**
     * Takes the node's whole host away (power lost, network cable pulled): like {@link #crash}, except
     * that connects to its address are never refused, they only fail.
     */
    public void crashHost(SimNode node) {
        if (node.status == SimNode.Status.CRASHED) {
            return;
        }
        boolean wasLive = node.isLive();
        node.status = SimNode.Status.CRASHED;
        node.wakeGeneration++;
        node.scheduledWake = Long.MAX_VALUE;
        node.inbox = null;
        node.inboxPackets = 0;
        byAddress.remove(node.address(), node);
        views.nodeStopped(node);
        if (wasLive) {
            liveCount--;
        }
        LOG.debug("{} crashed at +{} ms", node.id(), elapsedMillis());
    }

    /**
     * Stalls the node like a long GC pause: no timers run and nothing is processed. Packets that arrive
     * meanwhile wait in a buffer of {@link Builder#frozenInboxLimit} packets (the rest are dropped);
     * reliable messages all wait. {@link #thaw} processes them, then runs the overdue timers.
     */
    public void freeze(SimNode node) {
        requireNotCrashed(node);
        node.status = SimNode.Status.FROZEN;
    }

    /** Ends a {@link #freeze}: buffered messages first, then one tick at the new time. */
    public void thaw(SimNode node) {
        if (node.status != SimNode.Status.FROZEN) {
            return;
        }
        node.status = SimNode.Status.RUNNING;
        node.wakeGeneration++;
        node.scheduledWake = Long.MAX_VALUE;
        ArrayDeque<OutboundMessage> inbox = node.inbox;
        node.inbox = null;
        node.inboxPackets = 0;
        if (inbox != null) {
            for (OutboundMessage out : inbox) {
                if (node.status != SimNode.Status.RUNNING) {
                    return;
                }
                receive(node, out);
            }
        }
        if (node.status == SimNode.Status.RUNNING) {
            tick(node);
        }
    }

    /** Freezes the node now and thaws it {@code millis} later. */
    public void freezeFor(SimNode node, long millis) {
        freeze(node);
        schedule(millis, () -> thaw(node));
    }

    /**
     * Brings a crashed node back on the same address as a new process with a new member id (a fresh
     * install), joining through {@code seeds}. Crashes it first if it is still up.
     */
    public SimNode restartWithNewId(SimNode old, SimNode... seeds) {
        crash(old);
        String base = old.id().contains("~") ? old.id().substring(0, old.id().indexOf('~')) : old.id();
        SimNode node = createNode(base + "~r" + (++restarts), old.address(), 0, old.clockOffsetMillis(), List.of());
        join(node, seeds);
        return node;
    }

    /**
     * What a node's data directory holds after its last save: its identity and incarnation, the members
     * it knew and its metadata. Take one with {@link #saveState}; anything the node learned or wrote
     * after it is lost when the node crashes.
     */
    public record SavedState(Member self, List<Member> members, List<io.pekonode.api.spi.wire.MetadataEntry> metadata) {
        public SavedState {
            members = List.copyOf(members);
            metadata = List.copyOf(metadata);
        }
    }

    /** A save of {@code node}'s state, as the runtime writes to its data directory. */
    public SavedState saveState(SimNode node) {
        requireNotCrashed(node);
        return new SavedState(node.localMember(), node.members(), node.core().metadataEntries());
    }

    /**
     * Restarts a node from its last save after a crash (no leave, no final save): the same id at a
     * higher incarnation, its saved members and metadata restored without gossip or events, then a
     * join through {@code seeds}, as the runtime does when it starts from a data directory.
     */
    public SimNode restartFromSavedState(SimNode old, SavedState saved, SimNode... seeds) {
        if (!saved.self().id().equals(old.id())) {
            throw new IllegalArgumentException("saved state of " + saved.self().id() + ", not of " + old.id());
        }
        crash(old);
        SimNode node = createNode(old.id(), old.address(), saved.self().incarnation() + 1, old.clockOffsetMillis(),
                saved.members());
        views.restored(node, node.members());
        node.run((core, at) -> {
            core.restoreMetadata(at, saved.metadata());
            return null;
        });
        join(node, seeds);
        return node;
    }

    /**
     * Brings a crashed node back on the same address with the same member id and an incarnation above
     * its last one (a restart that kept its state), joining through {@code seeds}.
     */
    public SimNode restartWithSameId(SimNode old, SimNode... seeds) {
        crash(old);
        long incarnation = old.protocol.localMember().incarnation() + 1;
        SimNode node = createNode(old.id(), old.address(), incarnation, old.clockOffsetMillis(), List.of());
        join(node, seeds);
        return node;
    }

    // ---------------------------------------------------------------- time

    /** Current virtual time in ms (starts at {@link Builder#startMillis}). */
    public long now() {
        return now;
    }

    /** Virtual time when the simulation was built. */
    public long startMillis() {
        return startMillis;
    }

    /** Virtual ms since the simulation was built. */
    public long elapsedMillis() {
        return now - startMillis;
    }

    /** Runs {@code action} at virtual time now + {@code delayMillis}, in order with everything else due then. */
    public void schedule(long delayMillis, Runnable action) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay must be >= 0: " + delayMillis);
        }
        queue.add(now + delayMillis, EventQueue.TASK, -1, 0, Objects.requireNonNull(action, "action"));
    }

    /** Processes everything due in the next {@code millis} ms; afterwards {@link #now()} is exactly that much later. */
    public void runFor(long millis) {
        long deadline = now + millis;
        while (!queue.isEmpty() && queue.peekTime() <= deadline) {
            step();
        }
        now = deadline;
    }

    /**
     * Runs until {@code condition} holds or {@code maxMillis} of virtual time pass. The condition is
     * evaluated at the start and then once per check interval ({@link Builder#checkIntervalMillis},
     * 10 ms by default) in which something happened, so it should be cheap (O(1) to O(N)).
     *
     * @return true when the condition held; {@link #now()} is then the time of the action after which
     *         it was first seen to hold (exact unless it also held earlier inside the same interval)
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long deadline = now + maxMillis;
        if (condition.getAsBoolean()) {
            return true;
        }
        long checkpoint = now + checkIntervalMillis;
        while (!queue.isEmpty() && queue.peekTime() <= deadline) {
            long next = queue.peekTime();
            if (next > checkpoint) {
                // Everything up to the checkpoint has run and nothing else runs before `next`.
                if (condition.getAsBoolean()) {
                    return true;
                }
                checkpoint += (next - checkpoint + checkIntervalMillis - 1) / checkIntervalMillis * checkIntervalMillis;
            }
            step();
        }
        if (condition.getAsBoolean()) {
            return true;
        }
        now = deadline;
        return false;
    }

    /** Actions waiting in the agenda (deliveries, wake-ups, scheduled tasks). */
    public int pendingActions() {
        return queue.size();
    }

    /** Times a core asked to be woken at or before the time it was just ticked (a busy-loop guard fired). */
    /** Refused connects reported to running nodes so far (reliable messages to crashed processes). */
    public long refusalsHeard() {
        return refusalsHeard;
    }

    public long overdueWakeups() {
        return overdueWakeups;
    }

    // ---------------------------------------------------------------- observation

    public SimNetwork network() {
        return network;
    }

    public TrafficStats traffic() {
        return traffic;
    }

    /** The durations the nodes' cores measured so far, in virtual milliseconds. */
    public SimTimings timings() {
        return timings;
    }

    public MembershipViews views() {
        return views;
    }

    public ClusterConfig config() {
        return config;
    }

    public void addListener(SimEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SimEventListener listener) {
        listeners.remove(listener);
    }

    /** Adds a listener that sees every message any node sends, as it is sent. */
    public void addMessageListener(SimMessageListener listener) {
        messageListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeMessageListener(SimMessageListener listener) {
        messageListeners.remove(listener);
    }

    /** Starts recording the events that match {@code filter}. */
    public EventRecorder recordEvents(Predicate<ClusterEvent> filter) {
        EventRecorder recorder = new EventRecorder(filter);
        addListener(recorder);
        return recorder;
    }

    // ---------------------------------------------------------------- the loop

    private void step() {
        queue.poll();
        now = queue.headTime;
        switch (queue.headKind) {
            case EventQueue.WAKE -> {
                SimNode node = nodes.get(queue.headNode);
                if (queue.headAux == node.wakeGeneration && node.status == SimNode.Status.RUNNING) {
                    node.scheduledWake = Long.MAX_VALUE;
                    tick(node);
                }
            }
            case EventQueue.DELIVER -> deliver(queue.headNode, (OutboundMessage) queue.headPayload);
            case EventQueue.TASK -> ((Runnable) queue.headPayload).run();
            case EventQueue.REFUSED -> refused(nodes.get(queue.headNode), (NodeAddress) queue.headPayload);
            default -> throw new IllegalStateException("unknown agenda entry " + queue.headKind);
        }
    }

    private void tick(SimNode node) {
        long before = now;
        try {
            node.protocol.tick(local(node));
        } catch (RuntimeException e) {
            throw failure(node, "tick", e);
        }
        afterInput(node, before);
    }

    private void deliver(int fromIndex, OutboundMessage out) {
        SimNode to = byAddress.get(out.to());
        if (to == null) {
            traffic.recordDropped(SimulatedDrop.NO_ROUTE);
            refuseIfPortClosed(fromIndex, out);
            return;
        }
        if (!network.canReach(fromIndex, to.index())) {
            traffic.recordDropped(SimulatedDrop.PARTITION);
            return;
        }
        if (to.status == SimNode.Status.FROZEN) {
            if (to.inbox == null) {
                to.inbox = new ArrayDeque<>();
            }
            if (out.reliable()) {
                to.inbox.add(out);
            } else if (to.inboxPackets < frozenInboxLimit) {
                to.inbox.add(out);
                to.inboxPackets++;
            } else {
                traffic.recordDropped(SimulatedDrop.FROZEN_OVERFLOW);
            }
            return;
        }
        receive(to, out);
    }

    /**
     * A reliable message to the address of a crashed process (not a crashed host) is refused: the
     * sender hears of it after the connect's round trip, unless the network loses the exchange or a
     * partition cuts it, in which case the connect only fails, as it would have without a refusal.
     */
    private void refuseIfPortClosed(int fromIndex, OutboundMessage out) {
        SimNode gone = out.reliable() ? closedPorts.get(out.to()) : null;
        if (gone == null) {
            return;
        }
        long there = network.delay(fromIndex, gone.index(), true);
        if (there < 0) {
            return;
        }
        long back = network.delay(gone.index(), fromIndex, true);
        if (back < 0) {
            return;
        }
        queue.add(now + there + back, EventQueue.REFUSED, fromIndex, 0, out.to());
    }

    private void refused(SimNode node, NodeAddress address) {
        if (node.status != SimNode.Status.RUNNING) {
            return; // a paused process reads the error late; by then its probe has been restarted anyway
        }
        refusalsHeard++;
        try {
            node.protocol.connectionRefused(local(node), address);
        } catch (RuntimeException e) {
            throw failure(node, "hearing that " + address + " refused a connect", e);
        }
        afterInput(node, Long.MIN_VALUE);
    }

    private void receive(SimNode node, OutboundMessage out) {
        WireMessage message = out.message();
        traffic.recordReceived(node.index(), MessageType.of(message));
        try {
            node.protocol.receive(local(node), message);
        } catch (RuntimeException e) {
            throw failure(node, "receiving " + message.getClass().getSimpleName() + " from " + message.origin().nodeId(), e);
        }
        afterInput(node, Long.MIN_VALUE);
    }

    /** Runs a user command on a node and handles its output like any other input. */
    <T> T command(SimNode node, Supplier<T> action) {
        requireNotCrashed(node);
        if (node.status == SimNode.Status.FROZEN) {
            throw new IllegalStateException(node.id() + " is frozen and cannot run commands");
        }
        T result = action.get();
        afterInput(node, Long.MIN_VALUE);
        return result;
    }

    void nodeLeft(SimNode node) {
        if (!node.left) {
            boolean wasLive = node.isLive();
            node.left = true;
            views.nodeStopped(node);
            if (wasLive) {
                liveCount--;
            }
        }
    }

    /**
     * Sends what the node produced, publishes its events and re-arms its wake-up.
     *
     * @param tickedAt the virtual time of the tick just run, or Long.MIN_VALUE after other inputs
     */
    private void afterInput(SimNode node, long tickedAt) {
        List<OutboundMessage> outbound = node.protocol.drainOutbound();
        for (int i = 0, n = outbound.size(); i < n; i++) {
            send(node, outbound.get(i));
        }
        List<ClusterEvent> events = node.protocol.drainEvents();
        for (int i = 0, n = events.size(); i < n; i++) {
            publish(node, events.get(i));
        }
        node.protocol.drainTimings().forEach(timings::record);
        if (node.status != SimNode.Status.RUNNING) {
            return;
        }
        long wake = node.protocol.nextWakeupMillis();
        if (wake == Long.MAX_VALUE) {
            return;
        }
        long at = wake - node.clockOffsetMillis();
        if (at <= tickedAt) {
            // The core wants a tick at or before the one it just had: guard against a busy loop.
            overdueWakeups++;
            at = tickedAt + 1;
        }
        at = Math.max(at, now);
        if (at < node.scheduledWake) {
            node.scheduledWake = at;
            queue.add(at, EventQueue.WAKE, node.index(), ++node.wakeGeneration, null);
        }
    }

    private void send(SimNode from, OutboundMessage out) {
        WireMessage message = out.message();
        traffic.recordSent(from.index(), MessageType.of(message), sizer.applyAsInt(message));
        for (int i = 0, n = messageListeners.size(); i < n; i++) {
            messageListeners.get(i).onSend(now, from, out.to(), message, out.reliable());
        }
        SimNode to = byAddress.get(out.to());
        if (to == null) {
            traffic.recordDropped(SimulatedDrop.NO_ROUTE);
            refuseIfPortClosed(from.index(), out);
            return;
        }
        long delay = network.delay(from.index(), to.index(), out.reliable());
        if (delay == SimNetwork.LOST) {
            traffic.recordDropped(SimulatedDrop.LOSS);
        } else if (delay == SimNetwork.RELIABLE_FAILED) {
            traffic.recordDropped(SimulatedDrop.RELIABLE_FAILURE);
        } else if (delay == SimNetwork.CUT) {
            traffic.recordDropped(SimulatedDrop.PARTITION);
        } else {
            queue.add(now + delay, EventQueue.DELIVER, from.index(), 0, out);
        }
    }

    private void publish(SimNode observer, ClusterEvent event) {
        if (event instanceof ClusterEvent.MemberEvent memberEvent) {
            views.onEvent(observer, memberEvent);
        }
        for (int i = 0, n = listeners.size(); i < n; i++) {
            listeners.get(i).onEvent(now, observer, event);
        }
    }

    private SimNode createNode(String id, NodeAddress address, long incarnation, long clockOffsetMillis, List<Member> known) {
        SimNode existing = byAddress.get(address);
        if (existing != null) {
            throw new IllegalStateException(address + " is in use by " + existing.id());
        }
        closedPorts.remove(address);
        int index = nodes.size();
        LocalNode self = new LocalNode(id, id, address, config.tags(), incarnation);
        RandomGenerator random = nodeSeeds.split();
        NodeProtocol protocol = factory.create(config, self, packetBudget, random);
        SimNode node = new SimNode(this, index, id, address, clockOffsetMillis, protocol);
        nodes.add(node);
        byAddress.put(address, node);
        traffic.ensureNodes(nodes.size());
        views.nodeStarted(node);
        liveCount++;
        try {
            if (!known.isEmpty()) {
                protocol.restoreMembers(local(node), known);
            }
            protocol.start(local(node));
        } catch (RuntimeException e) {
            throw failure(node, "start", e);
        }
        afterInput(node, Long.MIN_VALUE);
        return node;
    }

    private long local(SimNode node) {
        return now + node.clockOffsetMillis();
    }

    private void requireNotCrashed(SimNode node) {
        if (node.status == SimNode.Status.CRASHED) {
            throw new IllegalStateException(node.id() + " has crashed; restart it first");
        }
    }

    private IllegalStateException failure(SimNode node, String what, RuntimeException cause) {
        return new IllegalStateException(node.id() + " failed at +" + elapsedMillis() + " ms while " + what + ": " + cause,
                cause);
    }

    /** A synthetic, never-bound address: 10.0.0.1:7946 for node 0, 10.0.0.2:7946 for node 1, ... */
    static NodeAddress addressFor(int index) {
        int n = index + 1;
        return new NodeAddress("10." + ((n >>> 16) & 0xff) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff), 7946);
    }

    /** Settings of a simulation; every one has a sensible default. */
    public static final class Builder {
        private long seed = 1;
        private ClusterConfig config = ClusterConfig.lan().build();
        /** Empty: the config's packet size. */
        private OptionalInt packetBudget = OptionalInt.empty();
        private long baseLatency = 1;
        private long jitter = 1;
        private double lossRate;
        private double reliableFailureRate = SimNetwork.FOLLOW_PACKET_LOSS;
        private ToIntFunction<WireMessage> sizer = SizeEstimate::estimate;
        private long startMillis = 1_700_000_000_000L;
        private int frozenInboxLimit = 256;
        private long checkIntervalMillis = 10;
        private int expectedNodes = 64;
        private ProtocolFactory factory = (c, self, budget, random) ->
                new CoreProtocol(new ProtocolCore(c, self, budget, random));

        private Builder() {
        }

        /** Seeds the network's and every node's randomness; the same seed gives the same run. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The configuration every node runs (default {@link ClusterConfig#lan()}). */
        public Builder config(ClusterConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * Packet budget given to each core; without it, the config's {@code network().maxPacketSize()}
         * (1400 by default).
         *
         * @throws IllegalArgumentException unless positive
         */
        public Builder packetBudget(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("packet budget must be positive: " + bytes);
            }
            this.packetBudget = OptionalInt.of(bytes);
            return this;
        }

        /** One-way latency: {@code base} plus a uniform jitter up to {@code jitter} ms (default 1 + 0..1). */
        public Builder latency(long baseMillis, long jitterMillis) {
            if (baseMillis < 0 || jitterMillis < 0) {
                throw new IllegalArgumentException("latency and jitter must be >= 0");
            }
            this.baseLatency = baseMillis;
            this.jitter = jitterMillis;
            return this;
        }

        /**
         * Probability that any packet is lost (default 0). Reliable messages fail at the same rate unless
         * {@link #reliableFailureRate} says otherwise.
         */
        public Builder lossRate(double probability) {
            this.lossRate = probability;
            return this;
        }

        /**
         * Probability that a reliable message fails (connect failure, timeout, reset); by default
         * ({@link SimNetwork#FOLLOW_PACKET_LOSS}) the packet loss rate. 0 gives a lossless reliable path.
         */
        public Builder reliableFailureRate(double probability) {
            this.reliableFailureRate = probability;
            return this;
        }

        /**
         * Computes the bytes counted per message: {@link SizeEstimate#estimate} by default, or e.g. a real
         * codec's {@code m -> codec.encode(m).length} (exact but far slower).
         */
        public Builder sizer(ToIntFunction<WireMessage> value) {
            this.sizer = Objects.requireNonNull(value, "sizer");
            return this;
        }

        /** Virtual time at the start, in epoch ms (default 2023-11-14, so HLC versions look real). */
        public Builder startMillis(long value) {
            this.startMillis = value;
            return this;
        }

        /** Packets a frozen node buffers, like a socket receive buffer (default 256). */
        public Builder frozenInboxLimit(int packets) {
            if (packets < 0) {
                throw new IllegalArgumentException("frozenInboxLimit must be >= 0");
            }
            this.frozenInboxLimit = packets;
            return this;
        }

        /** How often {@link Simulation#runUntil} evaluates its condition, in virtual ms (default 10). */
        public Builder checkIntervalMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("checkIntervalMillis must be >= 1");
            }
            this.checkIntervalMillis = millis;
            return this;
        }

        /** Sizing hint for internal tables; the simulation grows beyond it as needed. */
        public Builder expectedNodes(int count) {
            this.expectedNodes = Math.max(1, count);
            return this;
        }

        /** Harness tests only: runs something other than the real core on every node. */
        Builder protocolFactory(ProtocolFactory value) {
            this.factory = Objects.requireNonNull(value, "factory");
            return this;
        }

        public Simulation build() {
            return new Simulation(this);
        }
    }
}

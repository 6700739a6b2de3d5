package io.pekonode.testkit.sim;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.core.OutboundMessage;
import io.pekonode.engine.core.ProtocolCore;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated node: a protocol core, its synthetic address, and its process state. Commands
 * ({@link #publish}, {@link #leave}, ...) run at the simulation's current virtual time and their
 * output enters the simulated network at once.
 *
 * <p>A restart creates a new {@code SimNode} (a new process, a new {@link #index()}) on the same
 * address; the old one stays {@link Status#CRASHED}.
 */
public final class SimNode {

    /** The simulated process's state. */
    public enum Status {
        /** Ticking and receiving. */
        RUNNING,
        /** Stalled (GC pause, stopped VM): no ticks, inbound packets buffered up to a bound. */
        FROZEN,
        /** Gone: receives nothing, sends nothing, its address drops everything until a restart. */
        CRASHED
    }

    private final Simulation sim;
    private final int index;
    private final String id;
    private final NodeAddress address;
    private final long clockOffsetMillis;
    final NodeProtocol protocol;

    Status status = Status.RUNNING;
    boolean left;
    /** Virtual time of the wake-up currently scheduled, or Long.MAX_VALUE. */
    long scheduledWake = Long.MAX_VALUE;
    /** Bumped whenever a scheduled wake-up becomes stale; queue entries carry the value they were made with. */
    long wakeGeneration;
    /** Messages that arrived while frozen, delivered on thaw (created on first use). */
    ArrayDeque<OutboundMessage> inbox;
    int inboxPackets;

    SimNode(Simulation sim, int index, String id, NodeAddress address, long clockOffsetMillis, NodeProtocol protocol) {
        this.sim = sim;
        this.index = index;
        this.id = id;
        this.address = address;
        this.clockOffsetMillis = clockOffsetMillis;
        this.protocol = protocol;
    }

    /** Position in {@link Simulation#nodes()}; also the key of this node's traffic counters. */
    public int index() {
        return index;
    }

    /** The member id this node announces. */
    public String id() {
        return id;
    }

    public NodeAddress address() {
        return address;
    }

    public Status status() {
        return status;
    }

    /** Added to virtual time for everything this node's core sees (clock skew). */
    public long clockOffsetMillis() {
        return clockOffsetMillis;
    }

    /** Not crashed and not left: expected to be seen alive by the others. */
    public boolean isLive() {
        return status != Status.CRASHED && !left;
    }

    /**
     * The real protocol core, for the simulator's own protocol tests (the core is no public API, hence
     * package-private). Call inputs through {@link #run}.
     */
    ProtocolCore core() {
        if (protocol instanceof CoreProtocol core) {
            return core.core();
        }
        throw new IllegalStateException(id + " runs a test double, not a ProtocolCore");
    }

    /** This node's current local time (virtual time plus its clock offset). */
    public long localTimeMillis() {
        return sim.now() + clockOffsetMillis;
    }

    /**
     * Runs a command against the core at the current virtual time and sends what it produced. Use it
     * for core calls this class does not wrap.
     */
    <T> T run(CoreCommand<T> command) {
        return sim.command(this, () -> command.apply(core(), localTimeMillis()));
    }

    /** A call on the core given the node's local time. */
    @FunctionalInterface
    interface CoreCommand<T> {
        T apply(ProtocolCore core, long nowMillis);
    }

    public HlcTimestamp publish(String key, byte[] value) {
        return run((core, now) -> core.publish(now, key, value));
    }

    public HlcTimestamp remove(String key) {
        return run((core, now) -> core.remove(now, key));
    }

    public void updateTags(Map<String, String> tags) {
        run((core, now) -> {
            core.updateTags(now, tags);
            return null;
        });
    }

    /** Announces a graceful leave; the node keeps running (answering nothing) until crashed. */
    public void leave() {
        run((core, now) -> {
            core.leave(now);
            return null;
        });
        sim.nodeLeft(this);
    }

    /** Go's Stop: the core ignores input and sends nothing; not the same as {@link Simulation#freeze}. */
    public void pause() {
        run((core, now) -> {
            core.pause(now);
            return null;
        });
    }

    /** Go's Start after Stop. */
    public void resume() {
        run((core, now) -> {
            core.resume(now);
            return null;
        });
    }

    public Optional<byte[]> read(String key) {
        return core().read(key);
    }

    public Map<String, byte[]> snapshot() {
        return core().snapshot();
    }

    public Member localMember() {
        return protocol.localMember();
    }

    /** Every member this node knows, itself and tombstones included. O(members): avoid in hot loops at large N. */
    public List<Member> members() {
        return protocol.members();
    }

    /** This node's record of one member. O(members). */
    public Optional<Member> member(String memberId) {
        for (Member m : protocol.members()) {
            if (m.id().equals(memberId)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** How this node sees {@code memberId} according to the events it emitted; O(1). Null when unknown. */
    public MemberState sees(String memberId) {
        return sim.views().state(this, memberId);
    }

    /** Members this node sees alive or suspect, itself included, according to its events; O(1). */
    public int activeMemberCount() {
        return sim.views().activeCount(this);
    }

    @Override
    public String toString() {
        return id + "@" + address + (status == Status.RUNNING ? "" : "[" + status + "]") + (left ? "[left]" : "");
    }
}

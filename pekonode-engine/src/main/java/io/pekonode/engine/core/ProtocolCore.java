package io.pekonode.engine.core;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.wire.WireMessage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The sans-IO protocol state machine: SWIM membership with Lifeguard, rumor dissemination and the
 * replicated metadata map. No threads, sockets, sleeps or wall clocks: every input carries the
 * current time in milliseconds, randomness comes from the injected generator, and outputs are
 * collected with {@link #drainOutbound()}, {@link #drainEvents()} and {@link #nextWakeupMillis()}.
 *
 * <p>Driving it: call an input method, then drain outbound messages and events, then arrange to
 * call {@link #tick(long)} at {@link #nextWakeupMillis()}. Not thread-safe: one thread drives it.
 * The same inputs and seed always give the same outputs.
 */
public final class ProtocolCore {

    /**
     * @param config       protocol settings (probe, gossip, suspicion, limits)
     * @param self         the local node's identity and advertised address
     * @param packetBudget largest encoded packet the transport carries, in bytes
     * @param random       the only source of randomness
     */
    public ProtocolCore(ClusterConfig config, LocalNode self, int packetBudget, RandomGenerator random) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Starts the protocol timers. */
    public void start(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** A decoded message from a peer. */
    public void receive(long nowMillis, WireMessage message) {
        throw new UnsupportedOperationException();
    }

    /** Runs every timer due at {@code nowMillis}. Calling it early or often is harmless. */
    public void tick(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Contacts seeds with a join sync; keeps retrying with backoff until one answers. */
    public void join(long nowMillis, List<NodeAddress> seeds) {
        throw new UnsupportedOperationException();
    }

    /**
     * Writes a metadata key locally and starts spreading it.
     *
     * @throws io.pekonode.api.PayloadTooLargeException when key or value exceed the configured limits
     */
    public HlcTimestamp publish(long nowMillis, String key, byte[] value) {
        throw new UnsupportedOperationException();
    }

    public HlcTimestamp remove(long nowMillis, String key) {
        throw new UnsupportedOperationException();
    }

    /** Replaces the local node's tags (raises its incarnation and gossips the change). */
    public void updateTags(long nowMillis, Map<String, String> tags) {
        throw new UnsupportedOperationException();
    }

    /** Announces a graceful leave; afterwards the node answers nothing and probes nobody. */
    public void leave(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Go's {@code Stop}: ignore all input and send nothing until {@link #resume}. */
    public void pause(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Go's {@code Start} after {@code Stop}: resume, refuting any suspicion or death. */
    public void resume(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /** Messages produced since the last call, in order. */
    public List<Outbound> drainOutbound() {
        throw new UnsupportedOperationException();
    }

    /** Events produced since the last call, in order. */
    public List<ClusterEvent> drainEvents() {
        throw new UnsupportedOperationException();
    }

    /** When {@link #tick} should next be called; {@link Long#MAX_VALUE} when nothing is scheduled. */
    public long nextWakeupMillis() {
        throw new UnsupportedOperationException();
    }

    public Member localMember() {
        throw new UnsupportedOperationException();
    }

    /** Every known member including the local one and tombstones. */
    public List<Member> members() {
        throw new UnsupportedOperationException();
    }

    public Optional<byte[]> read(String key) {
        throw new UnsupportedOperationException();
    }

    public Map<String, byte[]> snapshot() {
        throw new UnsupportedOperationException();
    }

    /** True once any seed answered, or when there were none to contact. */
    public boolean joined() {
        throw new UnsupportedOperationException();
    }

    /** Rumors still queued for dissemination (a leave is well spread once this reaches 0). */
    public int pendingBroadcasts() {
        throw new UnsupportedOperationException();
    }

    /** Counters for metrics and benchmarks. */
    public CoreStats stats() {
        throw new UnsupportedOperationException();
    }
}

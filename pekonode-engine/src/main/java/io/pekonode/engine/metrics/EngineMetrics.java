package io.pekonode.engine.metrics;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.engine.core.Timing;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every count the runtime keeps about one node. Hot paths bump {@link LongAdder}s; values owned by
 * the event loop (member states, core counters) are published here as immutable snapshots after each
 * batch. Works without any registry; {@link NodeMeterBinder} exposes it to Micrometer.
 */
public final class EngineMetrics {

    /** Packet (unreliable) or reliable path, for the bytes meters. */
    public static final String PACKET = "packet";
    public static final String RELIABLE = "reliable";

    private static final List<String> MESSAGE_TYPES = Arrays.stream(WireMessage.class.getPermittedSubclasses())
            .map(Class::getSimpleName).toList();

    final CounterFamily messagesIn = new CounterFamily("pekonode.messages.in",
            "Protocol messages received and decoded", "type", "messages", MESSAGE_TYPES);
    final CounterFamily messagesOut = new CounterFamily("pekonode.messages.out",
            "Protocol messages handed to the transport", "type", "messages", MESSAGE_TYPES);
    final CounterFamily bytesIn = new CounterFamily("pekonode.bytes.in",
            "Framed bytes received", "path", "bytes", List.of(PACKET, RELIABLE));
    final CounterFamily bytesOut = new CounterFamily("pekonode.bytes.out",
            "Framed bytes sent", "path", "bytes", List.of(PACKET, RELIABLE));
    final CounterFamily dropped = new CounterFamily("pekonode.packets.dropped",
            "Messages dropped before or instead of processing, by reason", "reason", "messages", DropReason.known());
    final CounterFamily messaging = new CounterFamily("pekonode.messaging",
            "Direct messages, requests, handler runs and query replies, by outcome", "outcome", "messages",
            MessagingOutcome.known());
    final TimerFamily probeRoundTrip = new TimerFamily("pekonode.probe.rtt",
            "Time from sending a probe to its ack", Duration.ofSeconds(5));
    final TimerFamily suspicionToDead = new TimerFamily("pekonode.suspicion.to.dead",
            "Time from suspecting a member to declaring it dead", Duration.ofMinutes(2));
    final TimerFamily gossipQueueDelay = new TimerFamily("pekonode.gossip.queue.delay",
            "Time a rumor waited in the gossip queue before it was first sent", Duration.ofSeconds(10));
    final TimerFamily requestLatency = new TimerFamily("pekonode.request.latency",
            "Time from sending a request to another member to its reply", Duration.ofSeconds(30));
    final LongAdder rerouted = new LongAdder();
    final LongAdder reliableSendFailures = new LongAdder();
    final LongAdder listenerFailures = new LongAdder();
    final LongAdder eventsDropped = new LongAdder();
    final LongAdder discoveryErrors = new LongAdder();
    final LongAdder discoveryLookups = new LongAdder();
    private volatile int discoveredSeeds;

    private volatile Map<MemberState, Integer> membersByState = emptyStates();
    private volatile CoreCounters core = CoreCounters.ZERO;
    private volatile int gossipQueueSize;
    private volatile int healthScore;

    /** A duration the core measured; recorded in the bound registries' timer of its kind. */
    public void timing(Timing timing) {
        switch (timing.kind()) {
            case PROBE_ROUND_TRIP -> probeRoundTrip.record(timing.millis());
            case SUSPICION_TO_DEAD -> suspicionToDead.record(timing.millis());
            case GOSSIP_QUEUE_DELAY -> gossipQueueDelay.record(timing.millis());
        }
    }

    /** A request to another member got its reply after {@code millis}. */
    public void requestLatency(long millis) {
        requestLatency.record(Math.max(0, millis));
    }

    /** Called by the event loop with the number of rumors waiting to be gossiped. */
    public void publishGossipQueue(int size) {
        gossipQueueSize = size;
    }

    public int gossipQueueSize() {
        return gossipQueueSize;
    }

    /** Called by the event loop with Lifeguard's local health score. */
    public void publishHealthScore(int score) {
        healthScore = score;
    }

    public int healthScore() {
        return healthScore;
    }

    public void messageIn(WireMessage message, int frameBytes, boolean reliable) {
        messagesIn.increment(message.getClass().getSimpleName());
        bytesIn.add(reliable ? RELIABLE : PACKET, frameBytes);
    }

    public void messageOut(WireMessage message, int frameBytes, boolean reliable) {
        messagesOut.increment(message.getClass().getSimpleName());
        bytesOut.add(reliable ? RELIABLE : PACKET, frameBytes);
    }

    public void dropped(String reason) {
        dropped.increment(reason);
    }

    /** One messaging outcome; see {@link MessagingOutcome}. */
    public void messaging(String outcome) {
        messaging.increment(outcome);
    }

    public long messagingCount(String outcome) {
        return messaging.count(outcome);
    }

    /** A packet too big for the transport's packet size went over the reliable path instead. */
    public void rerouted() {
        rerouted.increment();
    }

    public void reliableSendFailed() {
        reliableSendFailures.increment();
    }

    public void listenerFailed() {
        listenerFailures.increment();
    }

    public void eventDropped() {
        eventsDropped.increment();
    }

    /** A discovery call (lookup, registration, renewal, deregistration) failed. */
    public void discoveryError() {
        discoveryErrors.increment();
    }

    public long discoveryErrorCount() {
        return discoveryErrors.sum();
    }

    /** A discovery round asked every source; {@code seeds} addresses were found in all. */
    public void discoveryLookup(int seeds) {
        discoveryLookups.increment();
        discoveredSeeds = seeds;
    }

    public int discoveredSeeds() {
        return discoveredSeeds;
    }

    /** Called by the event loop with its current member table. */
    public void publishMembers(List<Member> members) {
        Map<MemberState, Integer> counts = emptyStates();
        for (Member m : members) {
            counts.merge(m.state(), 1, Integer::sum);
        }
        membersByState = counts;
    }

    /** Called by the event loop with a copy of the core's counters. */
    public void publishCore(CoreCounters counters) {
        core = counters;
    }

    public long droppedCount(String reason) {
        return dropped.count(reason);
    }

    public Map<String, Long> droppedByReason() {
        return dropped.snapshot();
    }

    public long messagesIn(String type) {
        return messagesIn.count(type);
    }

    public long messagesOut(String type) {
        return messagesOut.count(type);
    }

    public long listenerFailureCount() {
        return listenerFailures.sum();
    }

    public long eventsDroppedCount() {
        return eventsDropped.sum();
    }

    public int members(MemberState state) {
        return membersByState.getOrDefault(state, 0);
    }

    public CoreCounters core() {
        return core;
    }

    private static Map<MemberState, Integer> emptyStates() {
        Map<MemberState, Integer> m = new EnumMap<>(MemberState.class);
        for (MemberState s : MemberState.values()) {
            m.put(s, 0);
        }
        return m;
    }
}

package io.pekonode.engine.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pekonode.api.MemberState;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * Exposes one node's {@link EngineMetrics} to a Micrometer registry the application owns (the engine
 * never creates a registry). Every meter is named {@code pekonode.*} and tagged {@code node=<name>};
 * node names must therefore be unique within one registry.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>pekonode.members{state}</td><td>gauge: members in each state, this node included</td></tr>
 *   <tr><td>pekonode.messages.in/out{type}</td><td>counter: messages by wire type</td></tr>
 *   <tr><td>pekonode.bytes.in/out{path}</td><td>counter: framed bytes over packets or the reliable path</td></tr>
 *   <tr><td>pekonode.packets.dropped{reason}</td><td>counter: see {@link DropReason}</td></tr>
 *   <tr><td>pekonode.messaging{outcome}</td><td>counter: see {@link MessagingOutcome}</td></tr>
 *   <tr><td>pekonode.packets.rerouted</td><td>counter: packets too big for one datagram, sent reliably</td></tr>
 *   <tr><td>pekonode.reliable.send.failures</td><td>counter</td></tr>
 *   <tr><td>pekonode.gossip.rounds, pekonode.probes{kind}, pekonode.suspicions, pekonode.refutations,
 *       pekonode.syncs</td><td>counters read from the core's stats</td></tr>
 *   <tr><td>pekonode.listener.failures, pekonode.events.dropped</td><td>counters of event delivery</td></tr>
 *   <tr><td>pekonode.inbound.queue.size</td><td>gauge: messages waiting for the event loop</td></tr>
 * </table>
 */
public final class NodeMeterBinder implements MeterBinder {

    private final EngineMetrics metrics;
    private final String nodeName;
    private final IntSupplier inboundQueueSize;

    public NodeMeterBinder(EngineMetrics metrics, String nodeName, IntSupplier inboundQueueSize) {
        this.metrics = metrics;
        this.nodeName = nodeName;
        this.inboundQueueSize = inboundQueueSize;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("node", nodeName);
        for (MemberState state : MemberState.values()) {
            Gauge.builder("pekonode.members", metrics, m -> m.members(state))
                    .description("Members in each state, as this node sees them")
                    .tags(tags.and("state", state.name().toLowerCase(Locale.ROOT)))
                    .register(registry);
        }
        metrics.messagesIn.bindTo(registry, tags);
        metrics.messagesOut.bindTo(registry, tags);
        metrics.bytesIn.bindTo(registry, tags);
        metrics.bytesOut.bindTo(registry, tags);
        metrics.dropped.bindTo(registry, tags);
        metrics.messaging.bindTo(registry, tags);
        adder(registry, tags, "pekonode.packets.rerouted", "Packets over the packet size sent on the reliable path", metrics.rerouted);
        adder(registry, tags, "pekonode.reliable.send.failures", "Reliable sends that failed", metrics.reliableSendFailures);
        adder(registry, tags, "pekonode.listener.failures", "Event listener invocations that threw", metrics.listenerFailures);
        adder(registry, tags, "pekonode.events.dropped", "Events dropped because a listener's queue was full", metrics.eventsDropped);
        core(registry, tags, "pekonode.gossip.rounds", "Gossip rounds run", CoreCounters::gossipRounds);
        core(registry, tags.and("kind", "direct"), "pekonode.probes", "Probes sent", CoreCounters::probesSent);
        core(registry, tags.and("kind", "indirect"), "pekonode.probes", "Probes sent", CoreCounters::indirectProbesSent);
        core(registry, tags, "pekonode.suspicions", "Suspicions raised by this node", CoreCounters::suspicionsRaised);
        core(registry, tags, "pekonode.refutations", "Times this node refuted its own suspicion or death", CoreCounters::refutations);
        core(registry, tags, "pekonode.syncs", "Push-pull state exchanges started", CoreCounters::syncsStarted);
        Gauge.builder("pekonode.inbound.queue.size", inboundQueueSize, s -> s.getAsInt())
                .description("Received messages waiting for the event loop")
                .tags(tags)
                .register(registry);
    }

    private static void adder(MeterRegistry registry, Tags tags, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags).register(registry);
    }

    private void core(MeterRegistry registry, Tags tags, String name, String description, ToLongFunction<CoreCounters> read) {
        FunctionCounter.builder(name, metrics, m -> read.applyAsLong(m.core()))
                .description(description).tags(tags).register(registry);
    }
}

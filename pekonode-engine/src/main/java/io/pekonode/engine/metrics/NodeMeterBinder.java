package io.pekonode.engine.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pekonode.api.MemberState;
import io.pekonode.engine.core.CoreStats;
import io.pekonode.engine.core.CoreStats.Counter;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

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
 *   <tr><td>pekonode.user.events{outcome}</td><td>counters read from the core's stats: user events
 *       {@code broadcast} here, {@code received} (first copy from a peer), {@code duplicate} (later copies),
 *       {@code too_old} (past the dedup memory), {@code coalesced} (folded into a newer one of the same name)</td></tr>
 *   <tr><td>pekonode.queries{outcome}</td><td>counters read from the core's stats: queries {@code started}
 *       here, {@code received} (first copy), {@code duplicate}, {@code expired} (deadline passed on arrival),
 *       {@code matched} (this node's filters accepted it), {@code dropped} (not handed to the runtime in time)</td></tr>
 *   <tr><td>pekonode.listener.failures, pekonode.events.dropped</td><td>counters of event delivery</td></tr>
 *   <tr><td>pekonode.inbound.queue.size</td><td>gauge: messages waiting for the event loop</td></tr>
 *   <tr><td>pekonode.gossip.queue.size</td><td>gauge: rumors waiting to be gossiped</td></tr>
 *   <tr><td>pekonode.health.score</td><td>gauge: Lifeguard's local health score (0 is healthy)</td></tr>
 *   <tr><td>pekonode.probe.rtt, pekonode.suspicion.to.dead, pekonode.gossip.queue.delay,
 *       pekonode.request.latency</td><td>timers with histograms: probe to ack, suspicion to death,
 *       rumor queued to first sent, request to reply</td></tr>
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
        adder(registry, tags, "pekonode.discovery.errors", "Seed discovery calls that failed (lookup, registration, renewal)",
                metrics.discoveryErrors);
        adder(registry, tags, "pekonode.discovery.lookups", "Seed discovery rounds run", metrics.discoveryLookups);
        Gauge.builder("pekonode.discovery.seeds", metrics, EngineMetrics::discoveredSeeds)
                .description("Addresses the discovery sources found in their last answers")
                .tags(tags)
                .register(registry);
        core(registry, tags, "pekonode.gossip.rounds", "Gossip rounds run", Counter.GOSSIP_ROUNDS);
        core(registry, tags, "pekonode.gossip.eager.pushes", "News pushed at once instead of at the next gossip round",
                Counter.EAGER_PUSHES);
        core(registry, tags.and("kind", "direct"), "pekonode.probes", "Probes sent", Counter.PROBES_SENT);
        core(registry, tags.and("kind", "indirect"), "pekonode.probes", "Probes sent", Counter.INDIRECT_PROBES_SENT);
        core(registry, tags, "pekonode.suspicions", "Suspicions raised by this node", Counter.SUSPICIONS_RAISED);
        core(registry, tags, "pekonode.probes.put.off",
                "Probe verdicts put off because this node itself ran late (starved of CPU or paused)",
                Counter.PROBE_VERDICTS_PUT_OFF);
        core(registry, tags, "pekonode.probes.refused",
                "Members this node declared dead without a suspicion: a failed probe also found their port closed",
                Counter.PROBES_REFUSED);
        core(registry, tags, "pekonode.refutations", "Times this node refuted its own suspicion or death", Counter.REFUTATIONS);
        core(registry, tags, "pekonode.syncs", "Push-pull state exchanges started", Counter.SYNCS_STARTED);
        core(registry, tags, "pekonode.syncs.matched",
                "Push-pull summaries from peers that found both in step, so nothing more was exchanged",
                Counter.SYNC_SUMMARIES_MATCHED);
        coreFamily(registry, tags, "pekonode.user.events", "User events, by what became of them", "EVENTS_");
        coreFamily(registry, tags, "pekonode.queries", "Queries, by what became of them", "QUERIES_");
        // The supplier is a lambda nobody else holds: a weakly held gauge would read NaN after the next GC.
        Gauge.builder("pekonode.inbound.queue.size", inboundQueueSize, s -> s.getAsInt())
                .description("Received messages waiting for the event loop")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge.builder("pekonode.gossip.queue.size", metrics, EngineMetrics::gossipQueueSize)
                .description("Rumors waiting to be gossiped")
                .tags(tags)
                .register(registry);
        Gauge.builder("pekonode.health.score", metrics, EngineMetrics::healthScore)
                .description("Lifeguard's local health score: 0 when healthy; each point stretches probe intervals and timeouts")
                .tags(tags)
                .register(registry);
        metrics.probeRoundTrip.bindTo(registry, tags);
        metrics.suspicionToDead.bindTo(registry, tags);
        metrics.gossipQueueDelay.bindTo(registry, tags);
        metrics.requestLatency.bindTo(registry, tags);
    }

    private static void adder(MeterRegistry registry, Tags tags, String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(description).tags(tags).register(registry);
    }

    private void core(MeterRegistry registry, Tags tags, String name, String description, Counter counter) {
        FunctionCounter.builder(name, metrics, m -> m.core().get(counter))
                .description(description).tags(tags).register(registry);
    }

    /**
     * One meter per core counter named {@code <prefix>OUTCOME}, tagged {@code outcome=<outcome in lower
     * case>}: the tag values are the counters' names, which {@link CoreStats} keeps stable.
     */
    private void coreFamily(MeterRegistry registry, Tags tags, String name, String description, String prefix) {
        for (Counter counter : Counter.values()) {
            if (counter.name().startsWith(prefix)) {
                String outcome = counter.name().substring(prefix.length()).toLowerCase(Locale.ROOT);
                core(registry, tags.and("outcome", outcome), name, description, counter);
            }
        }
    }
}

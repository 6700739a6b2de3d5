package io.pekonode.testkit.sim;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Measures how one rumor (a metadata write or a user event) spreads through a quiet, pre-formed
 * cluster: when each node first has it (from the node's own event, to the virtual millisecond), and
 * what carrying it cost on the wire, per node.
 *
 * <p>Cost counts every message that carries the rumor: a gossip packet is counted whole (it is sent
 * for its rumors; in a quiet cluster this one is all it carries), while on a probe or an ack, which
 * would be sent anyway, only the rumor's own share is counted. Sizes are {@link SizeEstimate}'s.
 */
final class RumorSpread {
    /** Virtual time allowed for the rumor to reach everyone and for every queue to drain afterwards. */
    static final long MAX_MILLIS = 120_000;

    /**
     * One rumor's spread.
     *
     * @param allMillis      from creation until the last node had it ({@code -1} when some never did)
     * @param p99Millis      from creation until 99 % of the nodes had it
     * @param transmissions  messages that carried it, per node
     * @param bytes          bytes spent carrying it, per node
     */
    record Result(long allMillis, long p99Millis, double transmissions, double bytes) {
        boolean reachedAll() {
            return allMillis >= 0;
        }
    }

    private RumorSpread() {
    }

    /**
     * A pre-formed cluster of {@code n} nodes with one-way latency {@code baseMillis} plus up to
     * {@code jitterMillis}, run until its timers have spread out and nothing is queued for gossip.
     */
    static Simulation quietCluster(long seed, ClusterConfig config, int n, long baseMillis, long jitterMillis) {
        Simulation sim = Simulation.builder().seed(seed).config(config).latency(baseMillis, jitterMillis)
                .sizer(SizeEstimate::estimate).expectedNodes(n).build();
        sim.startFormedCluster(n);
        sim.runFor(2 * config.failureDetection().probeInterval().toMillis());
        SimClusters.quiesce(sim, 60_000);
        return sim;
    }

    /** Publishes one key on {@code origin} and follows it until every queue has drained. */
    static Result metadataWrite(Simulation sim, SimNode origin, String key) {
        return follow(sim, origin,
                event -> event instanceof ClusterEvent.MetadataChanged m && m.key().equals(key),
                rumor -> rumor instanceof MetadataRumor m && m.entry().key().equals(key),
                () -> origin.publish(key, new byte[] {1, 2, 3}));
    }

    /** Broadcasts one user event from {@code origin} and follows it until every queue has drained. */
    static Result userEvent(Simulation sim, SimNode origin, String name) {
        return follow(sim, origin,
                event -> event instanceof ClusterEvent.UserEventReceived e && e.name().equals(name),
                rumor -> rumor instanceof UserEventRumor e && e.name().equals(name),
                () -> origin.run((core, now) -> core.broadcastEvent(now, name, new byte[] {1, 2, 3}, false)));
    }

    private static Result follow(Simulation sim, SimNode origin, Predicate<ClusterEvent> arrived, Predicate<Rumor> ours,
                                 Runnable create) {
        int n = sim.nodes().size();
        long[] firstAt = new long[n];
        Arrays.fill(firstAt, Long.MAX_VALUE);
        long[] cost = new long[2]; // transmissions, bytes
        SimEventListener events = (time, observer, event) -> {
            if (arrived.test(event) && firstAt[observer.index()] == Long.MAX_VALUE) {
                firstAt[observer.index()] = time;
            }
        };
        SimMessageListener messages = (time, from, to, message, reliable) -> {
            List<Rumor> rumors = rumors(message);
            for (Rumor rumor : rumors) {
                if (ours.test(rumor)) {
                    cost[0]++;
                    cost[1] += message instanceof Gossip ? SizeEstimate.estimate(message) : share(message, rumor);
                    return;
                }
            }
        };
        sim.addListener(events);
        sim.addMessageListener(messages);
        long start = sim.now();
        firstAt[origin.index()] = start; // the origin holds it from the start, whether or not it announces it to itself
        create.run();
        sim.runUntil(() -> allHave(sim, firstAt) && sim.everyLiveNodeSees(x -> x.core().pendingBroadcasts() == 0), MAX_MILLIS);
        sim.removeListener(events);
        sim.removeMessageListener(messages);
        long[] sorted = sim.liveNodes().stream().mapToLong(x -> firstAt[x.index()]).sorted().toArray();
        long last = sorted[sorted.length - 1];
        long p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        int live = sorted.length;
        return new Result(last == Long.MAX_VALUE ? -1 : last - start, p99 == Long.MAX_VALUE ? -1 : p99 - start,
                cost[0] / (double) live, cost[1] / (double) live);
    }

    private static boolean allHave(Simulation sim, long[] firstAt) {
        return sim.everyLiveNodeSees(x -> firstAt[x.index()] != Long.MAX_VALUE);
    }

    private static List<Rumor> rumors(WireMessage message) {
        if (message instanceof Gossip g) {
            return g.rumors();
        } else if (message instanceof Ping p) {
            return p.rumors();
        } else if (message instanceof Ack a) {
            return a.rumors();
        } else if (message instanceof IndirectPing ip) {
            return ip.rumors();
        }
        return List.of();
    }

    /** What one rumor adds to a message that is sent anyway. */
    private static int share(WireMessage message, Rumor rumor) {
        Gossip alone = new Gossip(message.origin(), List.of(rumor));
        return SizeEstimate.estimate(alone) - SizeEstimate.estimate(new Gossip(message.origin(), List.of()));
    }
}

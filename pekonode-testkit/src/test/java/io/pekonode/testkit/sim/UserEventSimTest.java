package io.pekonode.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.event.ClusterEvent.UserEventReceived;
import io.pekonode.api.spi.wire.QueryRumor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.Test;

/**
 * User events and queries across a simulated cluster: an event reaches every live node
 * exactly once at the listener, within a number of gossip rounds the epidemic bound predicts, with
 * and without packet loss; a tag-filtered query is listed by exactly the matching nodes.
 */
class UserEventSimTest {
    private static final Logger LOG = LogManager.getLogger(UserEventSimTest.class);
    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final int N = 1_000;

    /** Counts each event's deliveries per node, and when the last node first got it. */
    private static final class Deliveries implements SimEventListener {
        private final Map<String, int[]> counts = new HashMap<>();
        private final Map<String, Integer> reached = new HashMap<>();
        private final Map<String, Long> lastFirstDelivery = new HashMap<>();
        private final int nodes;

        Deliveries(int nodes) {
            this.nodes = nodes;
        }

        static String key(String originId, long lamportTime) {
            return originId + "@" + lamportTime;
        }

        @Override
        public void onEvent(long timeMillis, SimNode observer, ClusterEvent event) {
            if (event instanceof UserEventReceived e) {
                String key = key(e.originId(), e.lamportTime());
                int[] perNode = counts.computeIfAbsent(key, k -> new int[nodes]);
                if (perNode[observer.index()]++ == 0) {
                    reached.merge(key, 1, Integer::sum);
                    lastFirstDelivery.put(key, timeMillis);
                }
            }
        }

        int reached(String key) {
            return reached.getOrDefault(key, 0);
        }

        /** Nodes that got the event other than exactly once. */
        List<String> notExactlyOnce(String key, List<SimNode> live) {
            int[] perNode = counts.getOrDefault(key, new int[nodes]);
            List<String> wrong = new ArrayList<>();
            for (SimNode node : live) {
                if (perNode[node.index()] != 1) {
                    wrong.add(node.id() + " x" + perNode[node.index()]);
                }
            }
            return wrong;
        }

        long lastFirstDelivery(String key) {
            return lastFirstDelivery.get(key);
        }
    }

    private static Simulation formed(long seed, ClusterConfig config, double loss, int n) {
        Simulation sim = Simulation.builder().seed(seed).config(config).expectedNodes(n).lossRate(loss).build();
        sim.startFormedCluster(n);
        sim.runFor(2_000); // timers spread out, as in a running cluster
        return sim;
    }

    /**
     * Push gossip with effective fanout f = fanout * (1 - loss) reaches all N members in about
     * log_{f+1}(N) + ln(N)/f rounds; allow twice that plus one round for latency and timer phase.
     * That presumes each holder keeps passing the rumor on for several rounds: ceil(L / fanout) rounds
     * with L = retransmitMultiplier * ceil(log10(N + 1)) transmits, which the test checks of the config.
     */
    private static double roundBound(ClusterConfig config, int n, double loss) {
        double f = config.gossip().fanout() * (1 - loss);
        return 2 * (Math.log(n) / Math.log(f + 1) + Math.log(n) / f) + 1;
    }

    private static int transmitLimit(ClusterConfig config, int n) {
        return config.gossip().retransmitMultiplier() * Math.max(3, String.valueOf(n).length());
    }

    /** One broadcast: its identity and the gossip rounds until the last live node delivered it. */
    private record Spread(String key, double rounds) {
    }

    /** Broadcasts from {@code origin} and runs until every live node has it. */
    private static Spread spread(Simulation sim, Deliveries deliveries, SimNode origin, String name, byte[] payload,
                                 double bound) {
        long start = sim.now();
        long time = origin.run((core, now) -> core.broadcastEvent(now, name, payload, false));
        String key = Deliveries.key(origin.id(), time);
        long interval = sim.config().gossip().interval().toMillis();
        long deadline = (long) Math.ceil(bound * interval) * 3;
        assertTrue(sim.runUntil(() -> deliveries.reached(key) == sim.liveCount(), deadline),
                () -> "event reached " + deliveries.reached(key) + " of " + sim.liveCount() + " in " + deadline + " ms");
        return new Spread(key, (deliveries.lastFirstDelivery(key) - start) / (double) interval);
    }

    private void eventReachesEveryNodeExactlyOnce(long seed, double loss) {
        Simulation sim = formed(seed, LAN, loss, N);
        Deliveries deliveries = new Deliveries(N);
        sim.addListener(deliveries);
        SimNode origin = sim.node(17);
        double bound = roundBound(LAN, N, loss);
        assertTrue(Math.ceil(transmitLimit(LAN, N) / (double) LAN.gossip().fanout()) >= 3,
                "each holder gossips a rumor for several rounds");

        Spread spread = spread(sim, deliveries, origin, "deploy", "v42".getBytes(StandardCharsets.UTF_8), bound);
        LOG.info("N={} loss={}: event reached all in {} rounds (bound {})", N, loss, spread.rounds(), bound);
        System.out.println("[sim] userEvent.n" + N + ".loss" + loss + ".rounds = " + spread.rounds() + " (bound " + bound + ")");
        assertTrue(spread.rounds() <= bound, "took " + spread.rounds() + " rounds, bound " + bound);

        // Let every copy die out, then count: exactly one delivery per live node, however many copies came.
        sim.runFor(20 * LAN.gossip().interval().toMillis());
        assertEquals(List.of(), deliveries.notExactlyOnce(spread.key(), sim.liveNodes()));
        long duplicates = 0;
        for (SimNode node : sim.liveNodes()) {
            duplicates += node.core().stats().eventsDuplicate();
        }
        assertTrue(duplicates > 0, "gossip did bring copies (" + duplicates + "), and dedup dropped them");
    }

    @Test
    void anEventReachesEveryNodeExactlyOnceWithinTheRoundBound() {
        eventReachesEveryNodeExactlyOnce(71, 0.0);
    }

    @Test
    void anEventReachesEveryNodeExactlyOnceWithTenPercentPacketLoss() {
        eventReachesEveryNodeExactlyOnce(72, 0.10);
    }

    @Test
    void concurrentEventsFromSeveralOriginsEachReachEveryNodeOnce() {
        Simulation sim = formed(73, LAN, 0.0, N);
        Deliveries deliveries = new Deliveries(N);
        sim.addListener(deliveries);
        List<String> keys = new ArrayList<>();
        for (int origin : new int[] {0, 101, 402, 703, 999}) {
            SimNode node = sim.node(origin);
            for (int i = 0; i < 2; i++) { // same name, plain: none may replace another
                long t = node.run((core, now) -> core.broadcastEvent(now, "config", new byte[] {(byte) origin}, false));
                keys.add(Deliveries.key(node.id(), t));
            }
        }
        assertTrue(sim.runUntil(() -> keys.stream().allMatch(k -> deliveries.reached(k) == N),
                (long) (roundBound(LAN, N, 0) * LAN.gossip().interval().toMillis() * 2)), "every event reached everyone");
        sim.runFor(20 * LAN.gossip().interval().toMillis());
        for (String key : keys) {
            assertEquals(List.of(), deliveries.notExactlyOnce(key, sim.liveNodes()), key);
        }
    }

    /**
     * Coalescing across nodes: five members broadcast a coalescable event of one name at the same
     * moment. Each node holds the first copy that reaches it for the coalescing window (here twice the
     * dissemination time, so all five arrive within it) and then delivers one event: the same one at
     * every node (highest Lamport time, origin id breaking ties), having replaced the other four.
     */
    @Test
    void coalescableEventsFromSeveralNodesAreDeliveredOnceAndTheSameEverywhere() {
        int n = 100;
        long window = 2 * new ProtocolBounds(LAN, n).disseminationMillis();
        ClusterConfig config = LAN.toBuilder().messaging(m -> m.eventCoalesceWindow(Duration.ofMillis(window))).build();
        Simulation sim = formed(75, config, 0.0, n);
        List<UserEventReceived> delivered = new ArrayList<>();
        int[] perNode = new int[n];
        sim.addListener((time, observer, event) -> {
            if (event instanceof UserEventReceived e && e.name().equals("config")) {
                delivered.add(e);
                perNode[observer.index()]++;
            }
        });
        List<String> sent = new ArrayList<>();
        for (int origin : new int[] {3, 21, 40, 66, 97}) {
            SimNode node = sim.node(origin);
            long t = node.run((core, now) -> core.broadcastEvent(now, "config", new byte[] {(byte) origin}, true));
            sent.add(t + "/" + node.id());
        }
        sim.runFor(window + 2 * window);
        for (int i = 0; i < n; i++) {
            assertEquals(1, perNode[i], "node " + i + " delivered the burst once");
        }
        UserEventReceived first = delivered.get(0);
        for (UserEventReceived e : delivered) {
            assertEquals(first.originId() + "@" + first.lamportTime(), e.originId() + "@" + e.lamportTime(),
                    "every node delivered the same event of the burst " + sent);
            assertEquals(4, e.coalesced(), "it replaced the other four");
        }
        long maxTime = delivered.stream().mapToLong(UserEventReceived::lamportTime).max().orElseThrow();
        assertEquals(maxTime, first.lamportTime(), "the newest won");
    }

    @Test
    void aTagFilteredQueryIsListedByExactlyTheMatchingNodes() {
        Simulation sim = formed(74, LAN, 0.0, N);
        Set<String> databases = new HashSet<>();
        for (int i = 5; i < N; i += 20) {
            SimNode node = sim.node(i);
            node.updateTags(Map.of("role", i % 40 == 5 ? "db-primary" : "db-replica"));
            databases.add(node.id());
        }
        // Let the tag changes finish spreading: the query is about filtering, not about a congested queue
        // (50 rumors queued at every node slow every other rumor's tail; see the notes).
        SimClusters.quiesce(sim, 60_000);
        SimNode asker = sim.node(3);
        long id = asker.run((core, now) -> core.startQuery(now, "who-has-db", new byte[0],
                Map.of("role", "db-.*"), List.of(), 10_000, true));
        sim.runFor(20 * LAN.gossip().interval().toMillis());

        Set<String> answered = new HashSet<>();
        for (SimNode node : sim.liveNodes()) {
            List<QueryRumor> listed = node.core().drainQueries();
            if (!listed.isEmpty()) {
                assertEquals(1, listed.size(), node.id() + " listed the query once");
                assertEquals(id, listed.get(0).lamportTime());
                assertEquals(asker.id(), listed.get(0).origin().nodeId());
                answered.add(node.id());
            }
        }
        assertEquals(databases, answered);

        // By id: only the named nodes, tags aside.
        List<String> named = List.of(sim.node(1).id(), sim.node(500).id(), sim.node(998).id());
        asker.run((core, now) -> core.startQuery(now, "ping", new byte[0], Map.of(), named, 10_000, false));
        sim.runFor(20 * LAN.gossip().interval().toMillis());
        Set<String> listedBy = new HashSet<>();
        for (SimNode node : sim.liveNodes()) {
            if (!node.core().drainQueries().isEmpty()) {
                listedBy.add(node.id());
            }
        }
        assertEquals(Set.copyOf(named), listedBy);
    }

    @Test
    void eventsLargerThanAPacketTravelTheReliablePathAndStillReachEveryone() {
        int n = 100;
        // The default 1 KiB limit already exceeds a 1,400-byte packet once base64 and the envelope are counted.
        Simulation sim = formed(75, LAN, 0.10, n);
        Deliveries deliveries = new Deliveries(n);
        sim.addListener(deliveries);
        double bound = roundBound(LAN, n, 0.10);
        byte[] atLimit = new byte[LAN.limits().maxEventPayloadBytes() - "blob".length()];
        double rounds = spread(sim, deliveries, sim.node(1), "blob", atLimit, bound).rounds();
        assertTrue(rounds <= bound, rounds + " rounds");

        ClusterConfig big = ClusterConfig.lan().limits(l -> l.maxEventPayloadBytes(8 * 1024)).build();
        Simulation sim8 = formed(76, big, 0.10, n);
        Deliveries deliveries8 = new Deliveries(n);
        sim8.addListener(deliveries8);
        byte[] eightKiB = new byte[8 * 1024 - "blob".length()];
        eightKiB[eightKiB.length - 1] = 42;
        double rounds8 = spread(sim8, deliveries8, sim8.node(1), "blob", eightKiB, bound).rounds();
        LOG.info("N={} loss=0.1: a 1 KiB event reached all in {} rounds, an 8 KiB one in {} (bound {})", n, rounds,
                rounds8, bound);
        System.out.println("[sim] userEvent.n" + n + ".loss0.1.rounds1KiB = " + rounds + ", rounds8KiB = " + rounds8
                + " (bound " + bound + ")");
        assertTrue(rounds8 <= bound, rounds8 + " rounds");
        assertTrue(sim8.traffic().totalSentBytes(MessageType.GOSSIP) > 8L * 1024 * n, "it did travel");
    }
}

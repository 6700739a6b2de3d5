package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static io.pekonode.testkit.sim.SimClusters.divergence;
import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.quiesce;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.engine.core.CoreStats.Counter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The periodic push-pull exchange starts with a summary (one hash of the whole state): in a cluster
 * at rest that is all that travels, and where the two nodes differ it turns into the full exchange,
 * so anti-entropy still repairs what gossip missed, in both directions.
 */
class PushPullSummarySimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    @Test
    void aClusterAtRestExchangesOnlySummaries(TestReporter reporter) {
        int n = 8;
        Simulation sim = sim(91, LAN, n);
        List<SimNode> nodes = form(sim, n);
        quiesce(sim, 60_000);
        sim.runFor(LAN.antiEntropy().pushPullInterval().toMillis());
        AtomicInteger summaries = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        AtomicInteger responses = new AtomicInteger();
        sim.addMessageListener((time, from, to, message, reliable) -> {
            if (message instanceof SyncRequest request) {
                (request.isSummary() ? summaries : full).incrementAndGet();
            } else if (message instanceof SyncResponse) {
                responses.incrementAndGet();
            }
        });
        long matchedBefore = matched(nodes);
        sim.runFor(3 * LAN.antiEntropy().pushPullInterval().toMillis());

        report(reporter, "pushPull.n8.atRest.summaries", summaries.get());
        assertTrue(summaries.get() >= 2 * n, "every node ran its periodic exchanges: " + summaries.get());
        assertEquals(0, full.get(), "no full request while every node holds the same state");
        assertEquals(0, responses.get(), "a matching summary is answered by nothing");
        assertEquals(summaries.get(), matched(nodes) - matchedBefore, "each summary was counted as matched by its receiver");
    }

    /**
     * One node is cut off for two seconds (not long enough to be declared dead) while a key is written
     * on each side; gossip is over by the time the cut heals, so only anti-entropy can carry the two
     * writes across. Both arrive within two push-pull intervals, and summaries that found a
     * difference turned into full exchanges.
     */
    @Test
    void aDifferenceFoundByASummaryIsRepairedBothWays(TestReporter reporter) {
        int n = 8;
        Simulation sim = sim(92, LAN, n);
        List<SimNode> nodes = form(sim, n);
        quiesce(sim, 60_000);
        SimNode away = nodes.get(7);
        AtomicInteger full = new AtomicInteger();
        sim.network().isolate(away);
        byte[] value = "v".getBytes(StandardCharsets.UTF_8);
        nodes.get(1).publish("written-inside", value);
        away.publish("written-away", value);
        sim.runFor(2_000);
        sim.network().heal();
        quiesce(sim, 60_000);
        assertTrue(away.read("written-inside").isEmpty() && nodes.get(1).read("written-away").isEmpty(),
                "gossip did not carry either write across the cut");
        sim.addMessageListener((time, from, to, message, reliable) -> {
            if (message instanceof SyncRequest request && !request.isSummary()) {
                full.incrementAndGet();
            }
        });

        long healedAt = sim.now();
        long bound = 2 * LAN.antiEntropy().pushPullInterval().toMillis();
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(node -> node.read("written-inside").isPresent()
                && node.read("written-away").isPresent()), bound), () -> "both writes reached every node: "
                + divergence(sim) + "; away holds " + away.snapshot().keySet());
        report(reporter, "pushPull.n8.repairedAfterMillis", sim.now() - healedAt);
        assertTrue(full.get() > 0, "a summary that found a difference started a full exchange");
    }

    private static long matched(List<SimNode> nodes) {
        return nodes.stream().mapToLong(node -> node.core().stats().get(Counter.SYNC_SUMMARIES_MATCHED)).sum();
    }
}

package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.MembershipSimTest.report;
import static io.pekonode.testkit.sim.SimClusters.divergence;
import static io.pekonode.testkit.sim.SimClusters.form;
import static io.pekonode.testkit.sim.SimClusters.quiesce;
import static io.pekonode.testkit.sim.SimClusters.sim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.SyncRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * What the protocol does in the background over minutes: metadata tombstones kept long enough that
 * anti-entropy cannot bring a deleted key back, then forgotten everywhere; and the cadence at which
 * members keep trying to reach a dead one.
 */
class ProtocolHousekeepingSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();

    private static Optional<MetadataEntry> entry(SimNode node, String key) {
        return node.core().metadataEntries().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    private static boolean holdsTombstone(SimNode node, String key) {
        return entry(node, key).map(MetadataEntry::isTombstone).orElse(false);
    }

    /**
     * A node that was cut off while a key was deleted still holds the key's value. When it comes back
     * within the tombstone retention, its push-pull exchanges meet the tombstone and the delete wins
     * (the value is not resurrected anywhere). Once the retention has passed, housekeeping (every
     * push-pull interval) forgets the tombstone at every node, and further exchanges bring back
     * neither the value nor the tombstone.
     */
    @Test
    void aDeleteWinsOverAStaleCopyThroughAntiEntropyAndItsTombstoneIsThenForgottenEverywhere(TestReporter reporter) {
        Duration retention = Duration.ofMinutes(3);
        ClusterConfig config = LAN.toBuilder().antiEntropy(ae -> ae.metadataTombstoneRetention(retention)).build();
        int n = 8;
        Simulation sim = sim(81, config, n);
        List<SimNode> nodes = form(sim, n);
        byte[] value = "v".getBytes(StandardCharsets.UTF_8);
        nodes.get(1).publish("doomed", value);
        ProtocolBounds bounds = new ProtocolBounds(config, n);
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(node -> node.read("doomed").isPresent()), 3 * bounds.disseminationMillis()),
                "the write reached everyone");

        SimNode away = nodes.get(7);
        List<SimNode> rest = new ArrayList<>(nodes.subList(0, 7));
        sim.network().isolate(away);
        sim.runFor(1_000);
        long deletedAt = sim.now();
        nodes.get(2).remove("doomed");
        assertTrue(sim.runUntil(() -> rest.stream().allMatch(node -> holdsTombstone(node, "doomed")), 3 * bounds.disseminationMillis()),
                "the delete reached every connected node");
        assertTrue(away.read("doomed").isPresent(), "the node that was away still holds the value");

        sim.runFor(60_000);
        sim.network().heal();
        long healedAt = sim.now();
        assertTrue(sim.runUntil(() -> sim.views().convergedAlive()
                && sim.everyLiveNodeSees(node -> holdsTombstone(node, "doomed")), bounds.healMillis() + 2 * bounds.disseminationMillis()),
                () -> "the node back from the cut took the delete: " + divergence(sim) + "; away holds " + entry(away, "doomed"));
        report(reporter, "tombstone.n8.staleCopyDeletedAfterHealMillis", sim.now() - healedAt);
        assertTrue(sim.now() - deletedAt < retention.toMillis(), "still within the retention");

        // Past the retention, housekeeping runs once per push-pull interval on every node.
        long forgetBy = deletedAt + retention.toMillis() + config.antiEntropy().pushPullInterval().toMillis() + 1_000;
        assertTrue(sim.runUntil(() -> sim.everyLiveNodeSees(node -> entry(node, "doomed").isEmpty()), forgetBy - sim.now()),
                "every node forgot the tombstone within one housekeeping interval of the retention");
        report(reporter, "tombstone.n8.forgottenEverywhereAfterDeleteMillis", sim.now() - deletedAt);
        assertTrue(sim.now() - deletedAt >= retention.toMillis(), "not before the retention");

        // Several full exchanges later nothing came back, and every node holds the same (empty) map.
        sim.runFor(4 * config.antiEntropy().pushPullInterval().toMillis());
        for (SimNode node : nodes) {
            assertEquals(Optional.empty(), entry(node, "doomed"), node.id() + " brought nothing back");
            assertEquals(List.of(), node.core().metadataEntries(), node.id());
        }
    }

    /**
     * After a member fails, each member keeps retrying it with a sync (so a member back from a crash
     * or a cut is found without help), at most once per push-pull interval (+-20 % jitter) once the
     * early rounds are over: never a storm, never a stop. N = 5, checked on the syncs each survivor
     * sends to the dead member's address as they leave the node.
     *
     * <p>The early rounds (1, 2, 4 ... s after a failure) are asserted by the next test.
     */
    @Test
    void membersKeepRetryingADeadMemberAtMostOncePerPushPullInterval(TestReporter reporter) {
        int n = 5;
        Simulation sim = sim(82, LAN, n);
        List<SimNode> nodes = form(sim, n);
        quiesce(sim, 60_000);
        SimNode victim = nodes.get(4);
        List<SimNode> survivors = nodes.subList(0, 4);
        List<List<Long>> syncs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            syncs.add(new ArrayList<>());
        }
        sim.addMessageListener((time, from, to, message, reliable) -> {
            if (to.equals(victim.address()) && message instanceof SyncRequest) {
                syncs.get(from.index()).add(time);
            }
        });
        sim.crash(victim);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);
        assertTrue(sim.runUntil(() -> SimClusters.allSee(sim, survivors, List.of(victim), MemberState.DEAD),
                bounds.detectionWorstMillis()), "the crash is detected");
        long cap = LAN.antiEntropy().pushPullInterval().toMillis();
        sim.runFor(6 * cap);

        long initial = LAN.lifecycle().joinRetryInitial().toMillis();
        for (SimNode s : survivors) {
            List<Long> times = syncs.get(s.index());
            report(reporter, "reconnect.n5." + s.id() + ".syncTimes", times);
            assertTrue(times.size() >= 4, s.id() + " kept retrying the dead member: " + times);
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                assertTrue(gap >= initial * 4 / 5 && gap <= cap * 6 / 5 + 1, s.id() + ": retry " + i + " came " + gap
                        + " ms after the one before, outside " + initial + " ms to " + cap + " ms +-20 %; all: " + times);
            }
            long last = times.get(times.size() - 1) - times.get(times.size() - 2);
            assertTrue(last >= cap * 4 / 5, s.id() + ": settled at one retry per push-pull interval: " + times);
        }
    }

    /**
     * The early retries start from the failure: each survivor first retries the dead member within the
     * first early round (the join retry's initial delay, +20 % jitter) of declaring it dead, not at its
     * next steady reconnect round up to a push-pull interval later (before, three of the four survivors
     * first retried 72-75 s after the crash on this seed).
     */
    @Test
    void membersFirstRetryADeadMemberWithinTheFirstEarlyRoundAfterTheFailure(TestReporter reporter) {
        int n = 5;
        Simulation sim = sim(82, LAN, n);
        List<SimNode> nodes = form(sim, n);
        quiesce(sim, 60_000);
        SimNode victim = nodes.get(4);
        List<SimNode> survivors = nodes.subList(0, 4);
        List<List<Long>> syncs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            syncs.add(new ArrayList<>());
        }
        sim.addMessageListener((time, from, to, message, reliable) -> {
            if (to.equals(victim.address()) && message instanceof SyncRequest) {
                syncs.get(from.index()).add(time);
            }
        });
        long crashedAt = sim.now();
        sim.crash(victim);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);
        assertTrue(sim.runUntil(() -> SimClusters.allSee(sim, survivors, List.of(victim), MemberState.DEAD),
                bounds.detectionWorstMillis()), "the crash is detected");
        long detected = sim.now() - crashedAt;
        long initial = LAN.lifecycle().joinRetryInitial().toMillis();
        long bound = detected + initial * 6 / 5 + LAN.failureDetection().probeInterval().toMillis();
        sim.runFor(bound - detected);
        for (SimNode s : survivors) {
            List<Long> times = syncs.get(s.index());
            report(reporter, "reconnect.early.n5." + s.id() + ".syncTimes", times);
            assertTrue(!times.isEmpty() && times.get(0) - crashedAt <= bound, s.id() + " first retried the dead member "
                    + (times.isEmpty() ? "never" : (times.get(0) - crashedAt) + " ms") + " after the crash; bound "
                    + bound + " ms (all saw it dead after " + detected + " ms, + the first early round +20 % + a period)");
        }
    }
}

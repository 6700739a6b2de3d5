package io.pekonode.testkit.sim;

import static io.pekonode.testkit.sim.SimClusters.form;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.engine.core.Timing;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;

/**
 * The durations the core reports for the engine's timers, measured in virtual time: probe round trips
 * follow the network's latency, a crash gives suspicion-to-death times within the suspicion window,
 * and rumors wait for the next gossip round or probe at most.
 */
class CoreTimingsSimTest {

    private static final ClusterConfig LAN = ClusterConfig.lan().build();
    private static final long LATENCY = 5;
    private static final long JITTER = 2;

    @Test
    void timingsFollowTheNetworkAndTheProtocolsWindows() {
        int n = 20;
        Simulation sim = Simulation.builder().seed(5).config(LAN).expectedNodes(n).latency(LATENCY, JITTER).build();
        List<SimNode> nodes = form(sim, n);
        ProtocolBounds bounds = new ProtocolBounds(LAN, n);
        SimNode victim = nodes.get(7);
        sim.crashHost(victim); // no refused connect: the death comes through a suspicion, which is timed
        assertTrue(sim.runUntil(() -> sim.views().observersSeeing(victim.id(), MemberState.DEAD)
                == sim.views().liveObservers(), bounds.detectionWorstMillis()), "the crash was detected");

        LongSummaryStatistics rtt = sim.timings().of(Timing.Kind.PROBE_ROUND_TRIP);
        assertTrue(rtt.getCount() > n, "every node timed its acked probes: " + rtt);
        assertTrue(rtt.getMin() >= 2 * (LATENCY - JITTER), "a round trip crosses the network twice: " + rtt);
        assertTrue(rtt.getMax() <= LAN.failureDetection().probeInterval().toMillis(),
                "an ack arriving after its probe ended is not a round trip: " + rtt);

        LongSummaryStatistics death = sim.timings().of(Timing.Kind.SUSPICION_TO_DEAD);
        assertTrue(death.getCount() >= 1 && death.getCount() <= n - 1,
                "nodes that saw the suspicion timed it to the death, once each at most: " + death);
        assertTrue(death.getMax() <= bounds.suspicionMaxMillis() + LAN.failureDetection().probeInterval().toMillis(),
                "within the suspicion window plus a last-chance probe: " + death);

        LongSummaryStatistics queued = sim.timings().of(Timing.Kind.GOSSIP_QUEUE_DELAY);
        assertTrue(queued.getCount() > 0, "rumors were timed: " + queued);
        assertTrue(queued.getMax() <= LAN.failureDetection().probeInterval().toMillis(),
                "a rumor goes out with the next gossip round or probe: " + queued);
        for (Timing.Kind kind : Timing.Kind.values()) {
            assertTrue(sim.timings().of(kind).getMin() >= 0, "no negative " + kind);
        }
    }
}

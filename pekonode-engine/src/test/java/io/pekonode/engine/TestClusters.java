package io.pekonode.engine;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.config.FailureDetectionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Configurations and checks shared by the engine's multi-node tests. */
public final class TestClusters {

    private TestClusters() {
    }

    /**
     * {@link ClusterConfig#local()} with intervals short enough for tests, kept in one place because
     * failure-detection deadlines are derived from them ({@link #failureDetectionBound}).
     */
    public static ClusterConfig.Builder fast() {
        return ClusterConfig.local()
                .failureDetection(fd -> fd.probeInterval(Duration.ofMillis(200)).probeTimeout(Duration.ofMillis(100))
                        .suspicionMultiplier(3).suspicionMaxTimeoutMultiplier(2))
                .gossip(g -> g.interval(Duration.ofMillis(50)))
                .antiEntropy(ae -> ae.pushPullInterval(Duration.ofSeconds(2)))
                .lifecycle(lc -> lc.joinRetryInitial(Duration.ofMillis(100)).joinRetryMax(Duration.ofMillis(500)));
    }

    /**
     * How long a crash may take to be seen everywhere, from the SWIM/Lifeguard arithmetic: a member is
     * probed within about one round over the others, its probe times out, then the suspicion runs at
     * most {@code suspicionMaxTimeoutMultiplier x suspicionMultiplier x max(1, log10 N) x probeInterval};
     * plus dissemination of the verdict and slack for a loaded 2-core CI machine (stretched further by
     * Lifeguard's awareness multiplier when nodes are slow).
     */
    public static Duration failureDetectionBound(ClusterConfig c, int clusterSize) {
        long probe = c.failureDetection().probeInterval().toMillis();
        long round = probe * (clusterSize + 1) + c.failureDetection().probeTimeout().toMillis();
        double scale = Math.max(1.0, Math.log10(clusterSize));
        FailureDetectionConfig fd = c.failureDetection();
        long suspicion = (long) (fd.suspicionMaxTimeoutMultiplier() * fd.suspicionMultiplier() * scale * probe);
        long spread = c.gossip().interval().toMillis() * 10;
        return Duration.ofMillis(2 * (round + suspicion + spread) + 3_000);
    }

    public static Optional<MemberState> stateOf(PekoNode observer, String id) {
        return observer.member(id).map(Member::state);
    }

    public static String describe(List<PekoNode> nodes) {
        return nodes.stream().map(n -> n.name() + " sees " + n.members().stream()
                        .map(m -> m.name() + ":" + m.state()).sorted().collect(Collectors.joining(",")))
                .collect(Collectors.joining("; "));
    }
}

package io.pekonode.it;

import io.pekonode.it.cluster.ClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 3 over the UDP transport. */
class UdpCrashIT extends CrashScenarios {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.udp(SIZE);

    @Override
    ClusterExtension extension() {
        return CLUSTER;
    }
}

package io.pekonode.it;

import io.pekonode.it.cluster.ClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenarios 1 and 2 over the UDP transport. */
class UdpFormationIT extends FormationScenarios {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.udp(SIZE);

    @Override
    ClusterExtension extension() {
        return CLUSTER;
    }
}

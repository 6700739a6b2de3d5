package io.pekonode.it;

import io.pekonode.it.cluster.ClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenarios 1 and 2 over the TCP transport. */
class TcpFormationIT extends FormationScenarios {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.tcp(SIZE);

    @Override
    ClusterExtension extension() {
        return CLUSTER;
    }
}

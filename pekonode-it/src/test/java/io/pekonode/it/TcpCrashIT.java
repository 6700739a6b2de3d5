package io.pekonode.it;

import io.pekonode.it.cluster.ClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 3 over the TCP transport. */
class TcpCrashIT extends CrashScenarios {

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.tcp(SIZE);

    @Override
    ClusterExtension extension() {
        return CLUSTER;
    }
}

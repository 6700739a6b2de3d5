package io.pekonode.it;

import io.pekonode.it.cluster.FleetExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 6 (rolling restart with data volumes) over the TCP transport. */
class TcpRollingRestartIT extends RollingRestartScenarios {

    @RegisterExtension
    static final FleetExtension FLEET = FleetExtension.tcp();

    @Override
    FleetExtension extension() {
        return FLEET;
    }
}

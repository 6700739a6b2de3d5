package io.pekonode.it;

import io.pekonode.it.cluster.FleetExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scenario 7 (wrong or missing cluster key) over the TCP transport. */
class TcpWrongKeyIT extends WrongKeyScenarios {

    @RegisterExtension
    static final FleetExtension FLEET = FleetExtension.tcp();

    @Override
    FleetExtension extension() {
        return FLEET;
    }
}

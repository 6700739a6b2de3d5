package io.pekonode.engine;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Life-cycle edges the agent ran into. */
class LifecycleTest {
    private final InMemoryNetwork network = new InMemoryNetwork();

    private PekoNode node(String name) {
        ClusterConfig config = ClusterConfig.local().transport("memory").nodeName(name)
                .bind(new NodeAddress(name, 7946)).build();
        return PekoNode.builder(config).transportProvider(network.provider()).build();
    }

    @Test
    void theLocalMemberIsReadableAsSoonAsStartReturns() {
        try (PekoNode node = node("solo")) {
            node.start();
            assertEquals(MemberState.ALIVE, node.localMember().state());
            assertEquals(1, node.members().size());
        }
    }

    @Test
    void leavingAloneCompletesWithoutWaitingForTheTimeout() throws Exception {
        try (PekoNode node = node("alone")) {
            node.start();
            // Nobody can take the leave rumor off the queue; waiting the full minute would be pointless.
            node.leave(Duration.ofMinutes(1)).get(10, SECONDS);
            assertEquals(MemberState.LEFT, node.localMember().state());
        }
    }
}

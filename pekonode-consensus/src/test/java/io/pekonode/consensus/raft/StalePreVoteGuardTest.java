package io.pekonode.consensus.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftNode;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The workaround is pinned: a MicroRaft upgrade fails here first, and at start rather than silently. */
class StalePreVoteGuardTest {

    @Test
    void theMicroRaftOnTheModulePathIsTheVersionTheWorkaroundWasWrittenFor() {
        assertEquals(StalePreVoteGuard.MICRORAFT_VERSION, StalePreVoteGuard.microRaftVersion(),
                "MicroRaft was upgraded: check whether its stale pre-vote bug is fixed (StalePreVoteSimTest without"
                        + " StalePreVoteGuard), then remove the guard or re-pin it");
    }

    @Test
    void aNodeThatIsNotMicroRaftsOwnImplementationIsRefusedLoudly() {
        RaftNode other = (RaftNode) Proxy.newProxyInstance(RaftNode.class.getClassLoader(),
                new Class<?>[] {RaftNode.class}, (proxy, method, args) -> null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StalePreVoteGuard.of(other, null));
        assertTrue(e.getMessage().contains("stale pre-vote"), e.getMessage());
    }
}

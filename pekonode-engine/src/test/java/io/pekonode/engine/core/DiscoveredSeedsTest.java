package io.pekonode.engine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.engine.core.sync.AntiEntropy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the core uses a discovery answer: bounded contacts, members and itself skipped, vanished seeds dropped. */
class DiscoveredSeedsTest {

    private static final NodeAddress SELF = new NodeAddress("10.0.0.1", 7946);
    private final ClusterConfig config = ClusterConfig.lan().build();
    private ProtocolCore core;
    private long now = 1_000_000;

    @BeforeEach
    void setUp() {
        core = new ProtocolCore(config, new LocalNode("self", "self", SELF, Map.of(), 0), 1400, new SplittableRandom(7));
        core.start(now);
        core.drainOutbound();
    }

    private static List<NodeAddress> addresses(int count) {
        List<NodeAddress> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new NodeAddress("10.1." + (i / 250) + "." + (i % 250 + 1), 7946));
        }
        return all;
    }

    private Set<NodeAddress> joinTargets() {
        Set<NodeAddress> to = new HashSet<>();
        for (OutboundMessage m : core.drainOutbound()) {
            if (m.message() instanceof SyncRequest r && r.join()) {
                to.add(m.to());
            }
        }
        return to;
    }

    private void tickFor(long millis) {
        long end = now + millis;
        while (core.nextWakeupMillis() <= end) {
            now = Math.max(now, core.nextWakeupMillis());
            core.tick(now);
        }
        now = end;
    }

    @Test
    void anAnswerWithThousandsOfAddressesCostsABoundedNumberOfContactsPerRoundAndPerJoinAttempt() {
        List<NodeAddress> found = addresses(5000);
        assertEquals(8, core.discovered(now, found, 8));
        Set<NodeAddress> contacted = joinTargets();
        assertEquals(8, contacted.size());
        assertTrue(found.containsAll(contacted));
        core.join(now, List.of());
        assertFalse(core.joined(), "discovered seeds to reach: not joined until one answers");
        assertTrue(joinTargets().size() <= AntiEntropy.MAX_DISCOVERED_PER_ATTEMPT);
        int attempts = 0;
        long end = now + config.lifecycle().joinRetryMax().toMillis() * 2;
        while (core.nextWakeupMillis() <= end) {
            now = Math.max(now, core.nextWakeupMillis());
            core.tick(now);
            Set<NodeAddress> batch = joinTargets();
            if (!batch.isEmpty()) {
                attempts++;
                assertTrue(batch.size() <= AntiEntropy.MAX_DISCOVERED_PER_ATTEMPT, "one retry contacted " + batch.size());
            }
        }
        assertTrue(attempts >= 2, "the join is retried with backoff: " + attempts);
    }

    @Test
    void itselfAndActiveMembersAreNotContactedAgain() {
        NodeAddress peer = new NodeAddress("10.0.0.2", 7946);
        core.receive(now, new SyncResponse(new Origin("peer", peer),
                List.of(new Member("peer", "peer", peer, Map.of(), MemberState.ALIVE, 1)), List.of(), List.of()));
        core.drainOutbound();
        NodeAddress stranger = new NodeAddress("10.0.0.3", 7946);
        assertEquals(1, core.discovered(now, List.of(SELF, peer, stranger), 8));
        assertEquals(Set.of(stranger), joinTargets());
    }

    @Test
    void aSeedThatVanishedFromTheAnswerIsNoLongerDialledWhenAlone() {
        NodeAddress gone = new NodeAddress("10.0.0.8", 7946);
        NodeAddress stays = new NodeAddress("10.0.0.9", 7946);
        core.discovered(now, List.of(gone, stays), 8);
        core.join(now, List.of());
        joinTargets();
        core.discovered(now, List.of(stays), 8);
        assertEquals(List.of(stays), core.seeds());
        joinTargets();
        tickFor(config.lifecycle().joinRetryMax().toMillis() * 2);
        Set<NodeAddress> retried = joinTargets();
        assertTrue(retried.contains(stays), retried.toString());
        assertFalse(retried.contains(gone), "a seed discovery no longer lists is not dialled");
    }

    @Test
    void anEmptyAnswerLeavesANodeWithoutStaticSeedsJoinedAsAClusterOfOne() {
        core.discovered(now, List.of(), 8);
        core.join(now, List.of());
        assertTrue(core.joined());
    }
}

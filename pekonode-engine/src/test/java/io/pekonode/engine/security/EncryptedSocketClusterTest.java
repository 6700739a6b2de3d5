package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Encryption over the real UDP transport (plus TCP for state exchange): the sealed envelope's
 * overhead fits the packet budget, values near a packet's size still spread, and intruders stay out.
 */
class EncryptedSocketClusterTest {

    private static final Duration CONVERGE = Duration.ofSeconds(20);
    private final List<PekoNode> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private PekoNode node(String name, WireSecurity security) {
        PekoNode.Builder builder = PekoNode.builder(TestClusters.fast().transport("udp").nodeName(name)
                .bind(new NodeAddress("127.0.0.1", 0)).build());
        PekoNode node = (security == null ? builder : builder.security(security)).build();
        nodes.add(node);
        return node.start();
    }

    @Test
    void fiveNodesWithALabelledKeyFormAClusterThatOthersCannotJoin() throws Exception {
        ClusterKey k = ClusterKey.generate();
        List<PekoNode> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(node("udp-sec-" + i, WireSecurity.builder(Keyring.of(k)).label("test-cluster").build()));
        }
        NodeAddress seed = five.get(0).advertiseAddress();
        SimpleMeterRegistry seedMeters = new SimpleMeterRegistry();
        five.get(0).meterBinder().bindTo(seedMeters);
        for (PekoNode n : five.subList(1, 5)) {
            assertEquals(1, n.join(List.of(seed)).get(10, TimeUnit.SECONDS));
        }
        Set<String> ids = five.stream().map(PekoNode::id).collect(Collectors.toSet());
        Await.until(CONVERGE, () -> five.stream().allMatch(n ->
                n.liveMembers().stream().map(Member::id).collect(Collectors.toSet()).equals(ids)), () -> describe(five));

        // Same key, other label; other key; no key.
        PekoNode otherLabel = node("udp-other-label", WireSecurity.builder(Keyring.of(k)).label("other-cluster").build());
        PekoNode otherKey = node("udp-other-key", WireSecurity.builder(Keyring.of(ClusterKey.generate())).label("test-cluster").build());
        PekoNode noKey = node("udp-no-key", null);
        for (PekoNode intruder : List.of(otherLabel, otherKey, noKey)) {
            intruder.join(List.of(seed));
        }

        // A value of about a packet: sealed, it may need the reliable path, and must still arrive everywhere.
        byte[] big = new byte[1_000];
        Arrays.fill(big, (byte) 'x');
        five.get(3).publish("big", big);
        Await.until(CONVERGE, () -> five.stream().allMatch(n -> n.read("big").map(v -> Arrays.equals(v, big)).orElse(false)),
                () -> describe(five));
        // Each intruder's join attempts were refused at the seed, each for its own reason.
        Await.until(CONVERGE, () -> Set.of("frame_wrong_label", "frame_unknown_key", "frame_unencrypted_rejected").stream()
                .allMatch(reason -> seedMeters.get("pekonode.packets.dropped").tag("reason", reason).functionCounter().count() >= 1));
        Set<String> intruders = Set.of(otherLabel.id(), otherKey.id(), noKey.id());
        for (PekoNode n : five) {
            assertTrue(n.members().stream().noneMatch(m -> intruders.contains(m.id())), describe(five));
            assertArrayEquals(big, n.read("big").orElseThrow());
        }
    }
}

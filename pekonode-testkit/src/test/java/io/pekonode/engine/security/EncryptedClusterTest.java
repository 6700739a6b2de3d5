package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whole nodes with keyrings over the in-memory network: who can join, rotation, and the transition switches. */
class EncryptedClusterTest {

    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final List<PekoNode> nodes = new ArrayList<>();
    private final Map<PekoNode, SimpleMeterRegistry> registries = new HashMap<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private PekoNode node(String name, UnaryOperator<PekoNode.Builder> security) {
        PekoNode node = security.apply(PekoNode.builder(TestClusters.fast().transport("memory").nodeName(name)
                .bind(new NodeAddress(name, 7946)).build()).transportProvider(network.provider())).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        node.meterBinder().bindTo(registry);
        registries.put(node, registry);
        nodes.add(node);
        return node.start();
    }

    private double dropped(PekoNode node, String reason) {
        return registries.get(node).get("pekonode.packets.dropped").tag("reason", reason).functionCounter().count();
    }

    private double droppedEverywhere(List<PekoNode> at, String reason) {
        return at.stream().mapToDouble(n -> dropped(n, reason)).sum();
    }

    private List<PekoNode> cluster(UnaryOperator<PekoNode.Builder> security) throws Exception {
        List<PekoNode> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(node("sec-" + i, security));
        }
        for (PekoNode n : three.subList(1, 3)) {
            assertEquals(1, n.join(List.of(three.get(0).advertiseAddress())).get(10, TimeUnit.SECONDS));
        }
        awaitConverged(three);
        return three;
    }

    private static void awaitConverged(List<PekoNode> cluster) {
        Set<String> ids = cluster.stream().map(PekoNode::id).collect(Collectors.toSet());
        Await.until(CONVERGE, () -> cluster.stream().allMatch(n ->
                        n.liveMembers().stream().map(Member::id).collect(Collectors.toSet()).equals(ids)),
                () -> describe(cluster));
    }

    private static void awaitEverywhere(List<PekoNode> cluster, String key, String value) {
        Await.until(CONVERGE, () -> cluster.stream().allMatch(n -> n.read(key)
                        .map(v -> new String(v, StandardCharsets.UTF_8).equals(value)).orElse(false)),
                () -> key + " not everywhere: " + describe(cluster));
    }

    @Test
    void nodesWithAnotherKeyOrNoKeyCannotJoinOrChangeAnything() throws Exception {
        ClusterKey k = ClusterKey.generate();
        List<PekoNode> cluster = cluster(b -> b.keyring(Keyring.of(k)));
        cluster.get(0).publish("owner", "cluster".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "owner", "cluster");

        PekoNode otherKey = node("intruder-key", b -> b.keyring(Keyring.of(ClusterKey.generate())));
        PekoNode noKey = node("intruder-plain", b -> b);
        for (PekoNode intruder : List.of(otherKey, noKey)) {
            intruder.publish("owner", ("intruder " + intruder.name()).getBytes(StandardCharsets.UTF_8));
            intruder.publish("intruder-only", new byte[] {1});
            intruder.join(List.of(cluster.get(0).advertiseAddress(), cluster.get(1).advertiseAddress()));
        }
        // Wait for several join attempts of each to have been refused, by reason.
        Await.until(CONVERGE, () -> droppedEverywhere(cluster, "frame_unknown_key") >= 3
                        && droppedEverywhere(cluster, "frame_unencrypted_rejected") >= 3,
                () -> "drops: " + cluster.stream().map(n -> n.name() + "=" + registries.get(n).get("pekonode.packets.dropped")
                        .functionCounters().stream().filter(c -> c.count() > 0).map(c -> c.getId().getTag("reason") + ":" + c.count())
                        .collect(Collectors.joining(","))).collect(Collectors.joining("; ")));
        Set<String> intruderIds = Set.of(otherKey.id(), noKey.id());
        for (PekoNode n : cluster) {
            assertTrue(n.members().stream().noneMatch(m -> intruderIds.contains(m.id())), describe(cluster));
            assertEquals(3, n.members().size(), describe(cluster));
            assertArrayEquals("cluster".getBytes(StandardCharsets.UTF_8), n.read("owner").orElseThrow(), n.name());
            assertTrue(n.read("intruder-only").isEmpty(), n.name());
        }
        // And the intruders learnt nothing back: each still sees only itself.
        assertEquals(List.of(otherKey.id()), otherKey.members().stream().map(Member::id).collect(Collectors.toList()));
        assertEquals(List.of(noKey.id()), noKey.members().stream().map(Member::id).collect(Collectors.toList()));
    }

    @Test
    void keyRotationAcrossTheRunningClusterKeepsItConverged() throws Exception {
        ClusterKey oldKey = ClusterKey.generate();
        ClusterKey newKey = ClusterKey.generate();
        List<PekoNode> cluster = cluster(b -> b.keyring(Keyring.of(oldKey)));

        cluster.forEach(n -> n.security().orElseThrow().install(newKey));
        cluster.get(1).publish("step", "installed".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "step", "installed");

        cluster.forEach(n -> n.security().orElseThrow().use(newKey.id()));
        cluster.get(2).publish("step", "used".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "step", "used");

        cluster.forEach(n -> n.security().orElseThrow().remove(oldKey.id()));
        cluster.get(0).publish("after-rotation", "reached".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "after-rotation", "reached");
        awaitConverged(cluster);
        for (PekoNode n : cluster) {
            assertEquals(List.of(newKey.id()), n.security().orElseThrow().keyring().ids());
        }

        // The old key is worthless now: a node holding only it is refused.
        PekoNode stale = node("stale", b -> b.keyring(Keyring.of(oldKey)));
        stale.join(List.of(cluster.get(0).advertiseAddress()));
        Await.until(CONVERGE, () -> dropped(cluster.get(0), "frame_unknown_key") >= 1);
        assertTrue(cluster.stream().allMatch(n -> n.members().size() == 3), describe(cluster));
    }

    /**
     * A rotation stalls halfway: every node holds both keys but only one has made the new key its
     * primary. The cluster must keep working in that mixed state for as long as it lasts, here as long
     * as a failure would take to be declared twice over: each node opens both kinds of frames, writes
     * from either side reach everyone, and no member is ever suspected or declared failed.
     */
    @Test
    void aClusterHeldWithMixedPrimaryKeysStaysWholeAndNobodyIsSuspected() throws Exception {
        ClusterKey oldKey = ClusterKey.generate();
        ClusterKey newKey = ClusterKey.generate();
        List<PekoNode> cluster = cluster(b -> b.keyring(Keyring.of(oldKey)));
        List<ClusterEvent> trouble = new CopyOnWriteArrayList<>();
        for (PekoNode n : cluster) {
            n.subscribe(e -> {
                if (e instanceof ClusterEvent.MemberSuspected || e instanceof ClusterEvent.MemberFailed
                        || e instanceof ClusterEvent.MemberLeft) {
                    trouble.add(e);
                }
            });
        }
        cluster.forEach(n -> n.security().orElseThrow().install(newKey));
        cluster.get(1).security().orElseThrow().use(newKey.id());
        assertEquals(newKey.id(), cluster.get(1).security().orElseThrow().keyring().primary().id());
        assertEquals(oldKey.id(), cluster.get(0).security().orElseThrow().keyring().primary().id());

        Duration detection = TestClusters.failureDetectionBound(cluster.get(0).config(), cluster.size());
        long until = System.nanoTime() + detection.toNanos();
        int round = 0;
        while (System.nanoTime() < until) {
            PekoNode writer = cluster.get(round % cluster.size());
            String value = "round-" + round++;
            writer.publish("mixed", value.getBytes(StandardCharsets.UTF_8));
            awaitEverywhere(cluster, "mixed", value);
            assertEquals(List.of(), trouble, "nobody suspected or failed while the primaries differ");
            awaitConverged(cluster);
        }
        assertTrue(round >= 3, "every node wrote during the mixed state: " + round + " rounds");
        assertEquals(0, droppedEverywhere(cluster, "frame_unknown_key"), "every frame was opened, whichever key sealed it");

        cluster.forEach(n -> n.security().orElseThrow().use(newKey.id()));
        cluster.forEach(n -> n.security().orElseThrow().remove(oldKey.id()));
        cluster.get(2).publish("mixed", "done".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "mixed", "done");
        assertEquals(List.of(), trouble, "nobody suspected or failed during the whole rotation");
    }

    @Test
    void encryptionIsTurnedOnInARunningClusterWithoutASplit() throws Exception {
        ClusterKey k = ClusterKey.generate();
        // Step 0: keys installed, still plaintext on the wire and accepting plaintext.
        List<PekoNode> cluster = cluster(b -> b.security(WireSecurity.builder(Keyring.of(k))
                .encryptOutgoing(false).requireEncryptedIncoming(false).build()));
        PekoNode plain = node("plain-observer", b -> b);
        plain.join(List.of(cluster.get(0).advertiseAddress())).get(10, TimeUnit.SECONDS);
        List<PekoNode> withPlain = new ArrayList<>(cluster);
        withPlain.add(plain);
        awaitConverged(withPlain);

        cluster.forEach(n -> n.security().orElseThrow().encryptOutgoing(true));
        cluster.get(0).publish("phase", "encrypting".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "phase", "encrypting");

        cluster.forEach(n -> n.security().orElseThrow().requireEncryptedIncoming(true));
        cluster.get(1).publish("phase", "required".getBytes(StandardCharsets.UTF_8));
        awaitEverywhere(cluster, "phase", "required");
        awaitConverged(cluster);
        // The keyless node can no longer read the cluster's traffic: sealed frames are refused as unknown flags.
        Await.until(CONVERGE, () -> dropped(plain, "frame_bad_flags") >= 1);
        assertTrue(plain.read("phase").isEmpty(), "the keyless node must not see data published after encryption");
    }
}

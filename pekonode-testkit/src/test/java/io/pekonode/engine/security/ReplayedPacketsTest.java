package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.codec.json.JsonCodecProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.engine.frame.SealedFrames;
import io.pekonode.testkit.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An attacker on the network records every frame of an encrypted cluster and sends them again
 * later: the replays are refused before decoding and counted, and the old state they carried
 * (a metadata value since overwritten, a member since gone) does not come back.
 */
class ReplayedPacketsTest {

    private static final Duration CONVERGE = Duration.ofSeconds(15);

    private final InMemoryNetwork network = new InMemoryNetwork();
    private final FrameRecorder recorder = new FrameRecorder(network.provider());
    private final List<PekoNode> nodes = new ArrayList<>();
    private final Map<PekoNode, SimpleMeterRegistry> registries = new ConcurrentHashMap<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private PekoNode node(String name, ClusterKey key) {
        PekoNode node = PekoNode.builder(TestClusters.fast().transport("memory").nodeName(name)
                .bind(new NodeAddress(name, 7946)).build()).transportProvider(recorder).keyring(Keyring.of(key)).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        node.meterBinder().bindTo(registry);
        registries.put(node, registry);
        nodes.add(node);
        return node.start();
    }

    private double counter(PekoNode node, String name, String tag, String value) {
        return registries.get(node).get(name).tag(tag, value).functionCounter().count();
    }

    /** The json codec the cluster speaks: the tests read captured messages as the receiver would. */
    private static final Codec CODEC = new JsonCodecProvider().create(DecodeLimits.defaults());

    /** The message inside an opened frame, decoded, as text (records name their fields and strings). */
    private static String readable(byte[] opened) throws DecodeException {
        return CODEC.decode(opened).toString();
    }

    private static String value(PekoNode n, String key) {
        return n.read(key).map(v -> new String(v, StandardCharsets.UTF_8)).orElse("<none>");
    }

    @Test
    void replayingEveryCapturedFrameChangesNothingAndIsCountedAsReplay() throws Exception {
        ClusterKey k = ClusterKey.generate();
        PekoNode a = node("replay-a", k);
        PekoNode b = node("replay-b", k);
        PekoNode c = node("replay-c", k);
        for (PekoNode n : List.of(b, c)) {
            assertEquals(1, n.join(List.of(a.advertiseAddress())).get(10, TimeUnit.SECONDS));
        }
        List<PekoNode> all = List.of(a, b, c);
        Await.until(CONVERGE, () -> all.stream().allMatch(n -> n.liveMembers().size() == 3), () -> describe(all));
        a.publish("color", "red".getBytes(StandardCharsets.UTF_8));
        Await.until(CONVERGE, () -> all.stream().allMatch(n -> value(n, "color").equals("red")), () -> describe(all));

        // The old state moves on: the value is overwritten and c leaves for good.
        int oldStateFrames = recorder.count();
        a.publish("color", "blue".getBytes(StandardCharsets.UTF_8));
        NodeAddress cAddress = c.advertiseAddress();
        c.leave(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        c.close();
        List<PekoNode> left = List.of(a, b);
        Await.until(CONVERGE, () -> left.stream().allMatch(n -> value(n, "color").equals("blue")
                && n.member(c.id()).map(m -> m.state() == MemberState.LEFT).orElse(true)), () -> describe(left));

        // Everything a and c sent to b while "red" was current (join, alive rumors of c, the write, pings) is sent again.
        List<FrameRecorder.Sent> toB = recorder.sentTo(b.advertiseAddress(), Set.of(a.advertiseAddress(), cAddress), oldStateFrames);
        // How many frames that window holds depends on timing (4 to dozens); what matters is that the
        // capture carries the old write, checked below, and that every replayed frame is refused.
        assertTrue(toB.size() >= 2, "captured " + toB.size() + " frames");
        SealedFrames eavesdropperWithTheKey = new SealedFrames(WireSecurity.of(Keyring.of(k)));
        boolean carriesRed = false;
        for (FrameRecorder.Sent s : toB) {
            carriesRed |= readable(eavesdropperWithTheKey.open(s.frame())).contains("color");
        }
        assertTrue(carriesRed, "the capture holds the old write of 'color'");
        double replayedBefore = counter(b, "pekonode.packets.dropped", "reason", "frame_replayed");
        for (FrameRecorder.Sent s : toB) {
            recorder.inject(s);
        }
        Await.until(CONVERGE, () -> counter(b, "pekonode.packets.dropped", "reason", "frame_replayed") - replayedBefore == toB.size(),
                () -> "replayed " + toB.size() + ", counted " + (counter(b, "pekonode.packets.dropped", "reason", "frame_replayed") - replayedBefore));

        assertEquals("blue", value(b, "color"), "the replayed 'red' did not come back");
        assertTrue(b.member(c.id()).map(m -> m.state() == MemberState.LEFT).orElse(true),
                "c stays gone despite its replayed alive rumors: " + b.member(c.id()));
        assertEquals(Set.of(a.id(), b.id()), b.liveMembers().stream().map(Member::id).collect(Collectors.toSet()));
        assertArrayEquals("blue".getBytes(StandardCharsets.UTF_8), a.read("color").orElseThrow());
    }

    /**
     * What replay protection is for: a direct message has no identity the messaging layer remembers,
     * so a recorded one sent again would run its handler again (a second "transfer"). Replayed as
     * recorded, it is refused and the handler ran once. As a control, the same plaintext sealed again
     * by a key holder (fresh timestamp and nonce, what the replay check cannot tell from a new
     * message) does reach the handler: so the count of one is the protection's doing, and this test
     * fails if frames get past it.
     */
    @Test
    void aReplayedDirectMessageIsNotHandledTwice() throws Exception {
        ClusterKey k = ClusterKey.generate();
        PekoNode a = node("direct-a", k);
        PekoNode b = node("direct-b", k);
        assertEquals(1, b.join(List.of(a.advertiseAddress())).get(10, TimeUnit.SECONDS));
        List<PekoNode> both = List.of(a, b);
        Await.until(CONVERGE, () -> both.stream().allMatch(n -> n.liveMembers().size() == 2), () -> describe(both));
        AtomicInteger handled = new AtomicInteger();
        b.handle("transfer", message -> {
            handled.incrementAndGet();
            return null;
        });

        int before = recorder.count();
        a.send(b.id(), "transfer", "100 coins".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        Await.until(CONVERGE, () -> handled.get() == 1, () -> "handled " + handled.get());
        SealedFrames keyHolder = new SealedFrames(WireSecurity.of(Keyring.of(k)));
        Set<NodeAddress> fromA = Set.of(a.advertiseAddress());
        List<FrameRecorder.Sent> toB = recorder.sentTo(b.advertiseAddress(), fromA, recorder.count());
        int earlier = recorder.sentTo(b.advertiseAddress(), fromA, before).size();
        List<FrameRecorder.Sent> transfer = new ArrayList<>();
        List<byte[]> plaintext = new ArrayList<>();
        for (FrameRecorder.Sent s : toB.subList(earlier, toB.size())) {
            byte[] opened = keyHolder.open(s.frame()); // a second open of one frame would be a replay to keyHolder too
            if (readable(opened).contains("transfer")) {
                transfer.add(s);
                plaintext.add(opened);
            }
        }
        assertEquals(1, transfer.size(), "one frame carried the message: " + transfer.size());

        double replayedBefore = counter(b, "pekonode.packets.dropped", "reason", "frame_replayed");
        recorder.inject(transfer.get(0));
        Await.until(CONVERGE, () -> counter(b, "pekonode.packets.dropped", "reason", "frame_replayed") - replayedBefore == 1,
                () -> "the replay was not counted");
        assertEquals(1, handled.get(), "the replayed message was not handled again");

        FrameRecorder.Sent resealed = new FrameRecorder.Sent(transfer.get(0).from(), transfer.get(0).to(),
                keyHolder.seal(plaintext.get(0)), transfer.get(0).reliable());
        recorder.inject(resealed);
        Await.until(CONVERGE, () -> handled.get() == 2, () -> "the control (the same message sealed afresh) was handled "
                + handled.get() + " times in all: the messaging layer alone would not stop a replay");
    }
}

package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import io.pekonode.engine.frame.SealedFrames;
import io.pekonode.engine.testing.InMemoryNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    private final Recorder recorder = new Recorder(network.provider());
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
        List<Recorder.Sent> toB = recorder.sentTo(b.advertiseAddress(), Set.of(a.advertiseAddress(), cAddress), oldStateFrames);
        // How many frames that window holds depends on timing (4 to dozens); what matters is that the
        // capture carries the old write, checked below, and that every replayed frame is refused.
        assertTrue(toB.size() >= 2, "captured " + toB.size() + " frames");
        SealedFrames eavesdropperWithTheKey = new SealedFrames(WireSecurity.of(Keyring.of(k)));
        boolean carriesRed = false;
        for (Recorder.Sent s : toB) {
            carriesRed |= new String(eavesdropperWithTheKey.open(s.frame()), StandardCharsets.UTF_8).contains("color");
        }
        assertTrue(carriesRed, "the capture holds the old write of 'color'");
        double replayedBefore = counter(b, "pekonode.packets.dropped", "reason", "frame_replayed");
        for (Recorder.Sent s : toB) {
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

    /** Wraps a transport provider: remembers every frame sent and each node's listener, to replay them. */
    static final class Recorder implements TransportProvider {
        record Sent(NodeAddress from, NodeAddress to, byte[] frame, boolean reliable) {
        }

        private final TransportProvider inner;
        private final List<Sent> sent = new CopyOnWriteArrayList<>();
        private final Map<NodeAddress, TransportListener> listeners = new ConcurrentHashMap<>();

        Recorder(TransportProvider inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        int count() {
            return sent.size();
        }

        List<Sent> sentTo(NodeAddress to, Set<NodeAddress> from, int firstFrames) {
            return sent.subList(0, firstFrames).stream().filter(s -> s.to().equals(to) && from.contains(s.from())).collect(Collectors.toList());
        }

        void inject(Sent s) {
            InetSocketAddress source = InetSocketAddress.createUnresolved(s.from().host(), s.from().port());
            TransportListener target = listeners.get(s.to());
            if (s.reliable()) {
                target.onReliable(s.frame().clone(), source);
            } else {
                target.onPacket(s.frame().clone(), source);
            }
        }

        @Override
        public Transport create(TransportConfig config) {
            Transport t = inner.create(config);
            return new Transport() {
                @Override
                public void start(TransportListener listener) throws IOException {
                    t.start(listener);
                    listeners.put(t.localAddress(), listener);
                }

                @Override
                public NodeAddress localAddress() {
                    return t.localAddress();
                }

                @Override
                public int maxPacketSize() {
                    return t.maxPacketSize();
                }

                @Override
                public void sendPacket(NodeAddress to, byte[] packet) {
                    sent.add(new Sent(t.localAddress(), to, packet.clone(), false));
                    t.sendPacket(to, packet);
                }

                @Override
                public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
                    sent.add(new Sent(t.localAddress(), to, message.clone(), true));
                    return t.sendReliable(to, message);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }
}

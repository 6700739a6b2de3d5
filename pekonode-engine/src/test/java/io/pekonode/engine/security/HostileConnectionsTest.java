package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A live encrypted node under a connection attack on its TCP port (the udp transport's reliable
 * side, and everything with the tcp transport): hundreds of idle connections, more than its limit,
 * and byte-at-a-time writers. The node closes them within its timeouts and its cluster keeps
 * gossiping: no false failure, metadata still spreads both ways.
 */
class HostileConnectionsTest {

    private static final Duration IO_TIMEOUT = Duration.ofSeconds(1);
    private static final int IDLE = 300; // over the 192 inbound connections a node accepts at once
    private static final int TRICKLERS = 20;

    private final List<PekoNode> nodes = new ArrayList<>();
    private final List<Socket> junk = new ArrayList<>();
    private final List<ClusterEvent> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Socket s : junk) {
            s.close();
        }
        nodes.forEach(PekoNode::close);
    }

    private List<PekoNode> cluster(String transport, ClusterKey key, SimpleMeterRegistry target) throws Exception {
        for (int i = 0; i < 3; i++) {
            PekoNode node = PekoNode.builder(TestClusters.fast().transport(transport).nodeName(transport + "-hostile-" + i)
                    .network(n -> n.ioTimeout(IO_TIMEOUT)).bind(new NodeAddress("127.0.0.1", 0)).build()).keyring(Keyring.of(key)).build();
            if (i == 0) {
                node.meterBinder().bindTo(target);
            }
            node.subscribe(e -> {
                // A suspicion refuted within the suspicion timeout is tolerated: with 100 ms probe
                // timeouts a busy CI machine alone can cause one. A failure is a false death.
                if (e instanceof ClusterEvent.MemberFailed) {
                    failures.add(e);
                }
            });
            nodes.add(node.start());
        }
        for (PekoNode n : nodes.subList(1, 3)) {
            assertEquals(1, n.join(List.of(nodes.get(0).advertiseAddress())).get(15, TimeUnit.SECONDS));
        }
        Await.until(Duration.ofSeconds(20), () -> nodes.stream().allMatch(n -> n.liveMembers().size() == 3), () -> describe(nodes));
        return nodes;
    }

    private static double transportDrops(SimpleMeterRegistry registry) {
        return registry.get("pekonode.packets.dropped").functionCounters().stream()
                .filter(c -> c.getId().getTag("reason").startsWith("transport_"))
                .filter(c -> !c.getId().getTag("reason").startsWith("transport_send_")) // inbound only
                .mapToDouble(FunctionCounter::count).sum();
    }

    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(50);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void idleAndSlowConnectionsAreShedAndGossipGoesOn(String transport) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<PekoNode> three = cluster(transport, ClusterKey.generate(), registry);
        PekoNode target = three.get(0);
        NodeAddress port = target.advertiseAddress();
        failures.clear();

        long attackStart = System.nanoTime();
        for (int i = 0; i < IDLE; i++) {
            Socket s = new Socket(port.host(), port.port());
            junk.add(s);
        }
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < TRICKLERS; i++) {
            Socket s = new Socket(port.host(), port.port());
            junk.add(s);
            tricklers.add(s);
        }
        // Byte-at-a-time writers: a frame header announcing 1,000 bytes, then the body, a byte every 100 ms.
        byte[] header = {0, 0, 0x03, (byte) 0xE8, 1};
        three.get(1).publish("during", "attack".getBytes(StandardCharsets.UTF_8));
        target.publish("from-target", "still-talking".getBytes(StandardCharsets.UTF_8));
        for (int tick = 0; tick < 25; tick++) {
            for (Socket s : tricklers) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(tick < header.length ? header[tick] : 'x');
                    out.flush();
                } catch (IOException closed) {
                    // shed by the node, as intended
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the attacker's pace, not synchronisation
        }
        Duration attack = Duration.ofNanos(System.nanoTime() - attackStart);

        Await.until(Duration.ofSeconds(10), () -> three.stream().allMatch(n -> n.read("during").isPresent()
                && n.read("from-target").isPresent()), () -> "metadata did not spread under attack: " + describe(three));
        for (Socket s : junk) {
            assertTrue(closedByPeer(s), "a junk connection is still open after " + attack.toMillis() + " ms");
        }
        assertTrue(three.stream().allMatch(n -> n.liveMembers().size() == 3), describe(three));
        assertEquals(List.of(), failures, "no member was declared failed");
        // Every junk connection was shed (timed out, displaced or refused) and reported.
        Await.until(Duration.ofSeconds(5), () -> transportDrops(registry) >= IDLE + TRICKLERS,
                () -> "transport drops " + transportDrops(registry));
    }
}

package io.pekonode.engine.sockets;

import static io.pekonode.engine.TestClusters.describe;
import static io.pekonode.engine.TestClusters.stateOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Five engines on 127.0.0.1 over the real UDP and TCP plugins (found by discovery), the way users
 * run them: form a cluster through one seed, share a key, see a crashed node declared dead, and see
 * a paused node declared dead and then refute after resuming.
 */
class RealSocketClusterTest {

    private static final int N = 5;
    private static final Duration CONVERGE = Duration.ofSeconds(20);

    private final List<PekoNode> nodes = new ArrayList<>();
    private final List<CrashableTransports> transports = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private static ClusterConfig config(String transport, int i) {
        return TestClusters.fast().transport(transport).nodeName(transport + "-" + i)
                .bind(new NodeAddress("127.0.0.1", 0)).build();
    }

    private static TransportProvider discovered(String name) {
        return ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("transport plugin '" + name + "' is not on the test path"));
    }

    private List<PekoNode> cluster(String transport) throws Exception {
        for (int i = 0; i < N; i++) {
            CrashableTransports provider = new CrashableTransports(discovered(transport));
            PekoNode node = PekoNode.builder(config(transport, i)).transportProvider(provider).build();
            nodes.add(node);
            transports.add(provider);
            node.start();
        }
        NodeAddress seed = nodes.get(0).advertiseAddress();
        for (PekoNode node : nodes.subList(1, N)) {
            assertEquals(1, node.join(List.of(seed)).get(15, TimeUnit.SECONDS));
        }
        Await.until(CONVERGE, () -> nodes.stream().allMatch(n -> n.liveMembers().size() == N), () -> describe(nodes));
        return nodes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void formShareAndDetectACrash(String transport) throws Exception {
        List<PekoNode> five = cluster(transport);
        byte[] value = ("over " + transport).getBytes(StandardCharsets.UTF_8);
        five.get(2).publish("shared", value);
        Await.until(CONVERGE, () -> five.stream().allMatch(n -> n.read("shared").isPresent()), () -> "key not everywhere");
        five.forEach(n -> assertArrayEquals(value, n.read("shared").orElseThrow()));

        List<ClusterEvent> failures = new CopyOnWriteArrayList<>();
        PekoNode victim = five.get(N - 1);
        List<PekoNode> survivors = five.subList(0, N - 1);
        SimpleMeterRegistry survivorMeters = new SimpleMeterRegistry();
        survivors.forEach(n -> n.meterBinder().bindTo(survivorMeters));
        survivors.forEach(n -> n.subscribe(e -> {
            if (e instanceof ClusterEvent.MemberFailed f && f.member().id().equals(victim.id())) {
                failures.add(e);
            }
        }));
        transports.get(N - 1).crash();

        Duration bound = TestClusters.failureDetectionBound(victim.config(), N);
        Duration took = Await.until(bound, () -> survivors.stream()
                        .allMatch(n -> stateOf(n, victim.id()).equals(Optional.of(MemberState.DEAD))),
                () -> describe(survivors));
        Await.until(Duration.ofSeconds(2), () -> failures.size() == N - 1, () -> "failed events: " + failures);
        assertTrue(took.compareTo(bound) <= 0);
        // The crashed process's port is closed, so the host refused a survivor's probe: declared dead at
        // once, from the transport's report through the loop to the failure detector.
        double refused = survivorMeters.find("pekonode.probes.refused").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
        assertTrue(refused >= 1, "no survivor declared the crash on a refused connect");
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void aPausedNodeIsDeclaredDeadAndRefutesAfterResume(String transport) throws Exception {
        List<PekoNode> five = cluster(transport);
        PekoNode sleeper = five.get(1);
        List<PekoNode> others = new ArrayList<>(five);
        others.remove(sleeper);
        sleeper.stop();
        Duration bound = TestClusters.failureDetectionBound(sleeper.config(), N);
        Await.until(bound, () -> others.stream()
                .allMatch(n -> stateOf(n, sleeper.id()).equals(Optional.of(MemberState.DEAD))), () -> describe(others));

        sleeper.resume();
        Await.until(bound, () -> five.stream()
                        .allMatch(n -> stateOf(n, sleeper.id()).equals(Optional.of(MemberState.ALIVE))),
                () -> describe(five));
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void closeReleasesThePortAndEveryThread(String transport) throws Exception {
        PekoNode node = PekoNode.create(config(transport, 9)).start();
        nodes.add(node);
        int port = node.advertiseAddress().port();
        node.close();
        Await.until(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("pekonode-") && t.getName().endsWith(node.name())));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket tcp = new ServerSocket(port, 1, loopback)) {
            assertEquals(port, tcp.getLocalPort());
        }
        if (transport.equals("udp")) {
            try (DatagramSocket udp = new DatagramSocket(port, loopback)) {
                assertEquals(port, udp.getLocalPort());
            }
        }
    }
}

package io.pekonode.engine.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.spi.PluginNotFoundException;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryException;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.DiscoveryStatus;
import io.pekonode.engine.PekoNode;
import io.pekonode.engine.TestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed discovery in running nodes over real UDP sockets, with a scripted source whose backend the
 * test takes down and brings back: the node keeps running, errors are counted, discovery recovers,
 * registration and deregistration happen at start and leave. And the plugin lookup's loud errors.
 */
class SeedDiscoveryTest {

    private final List<PekoNode> nodes = new ArrayList<>();

    /** A backend the test controls: the addresses it answers, whether it is down, what was registered. */
    static final class ScriptedBackend implements DiscoveryProvider {
        final AtomicReference<List<NodeAddress>> answer = new AtomicReference<>(List.of());
        volatile boolean down;
        final AtomicInteger lookups = new AtomicInteger();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String scheme() {
            return "scripted";
        }

        @Override
        public Discovery create(DiscoveryTarget target) {
            return new Discovery() {
                @Override
                public DiscoveredSeeds seeds() throws DiscoveryException {
                    lookups.incrementAndGet();
                    if (down) {
                        throw new DiscoveryException("scripted backend is down");
                    }
                    return DiscoveredSeeds.of(answer.get(), Duration.ofMillis(300));
                }

                @Override
                public void register(NodeRegistration self) throws DiscoveryException {
                    if (down) {
                        throw new DiscoveryException("scripted backend is down");
                    }
                    calls.add("register " + self.nodeName() + " " + self.address());
                }

                @Override
                public void deregister() {
                    calls.add("deregister");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @AfterEach
    void closeAll() {
        nodes.forEach(PekoNode::close);
    }

    private static TransportProvider udp() {
        return ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("udp")).findFirst()
                .orElseThrow(() -> new AssertionError("the udp transport plugin is not on the test path"));
    }

    private PekoNode node(String name, ScriptedBackend backend, String... sources) {
        ClusterConfig.Builder config = TestClusters.fast().transport("udp").nodeName(name)
                .bind(new NodeAddress("127.0.0.1", 0)).lifecycle(lc -> lc.closeLeaveTimeout(Duration.ofMillis(300)));
        for (String s : sources) {
            config.discover(s);
        }
        PekoNode.Builder builder = PekoNode.builder(config.build()).transportProvider(udp());
        if (backend != null) {
            builder.discoveryProvider(backend);
        }
        PekoNode node = builder.build();
        nodes.add(node);
        return node;
    }

    @Test
    void aBackendThatFailsNeitherStopsTheNodeNorHidesTheClusterOnceItAnswers() throws Exception {
        PekoNode first = node("first", null).start();
        first.join(List.of()).get(5, TimeUnit.SECONDS);
        ScriptedBackend backend = new ScriptedBackend();
        backend.down = true;
        PekoNode second = node("second", backend, "scripted:anything").start();
        second.join(List.of()).get(10, TimeUnit.SECONDS); // the first round failed: a cluster of one meanwhile
        Await.until(Duration.ofSeconds(10), () -> backend.lookups.get() >= 2);
        assertTrue(second.isRunning());
        DiscoveryStatus failing = second.discoveryStatus().get(0);
        assertTrue(failing.lastError().orElse("").contains("scripted backend is down"), failing.toString());
        assertTrue(!failing.registered(), "registration failed while the backend was down");

        backend.answer.set(List.of(first.advertiseAddress()));
        backend.down = false;
        Await.until(Duration.ofSeconds(20), () -> first.liveMembers().size() == 2 && second.liveMembers().size() == 2,
                () -> TestClusters.describe(nodes));
        DiscoveryStatus working = second.discoveryStatus().get(0);
        assertEquals(List.of(first.advertiseAddress()), working.addresses());
        assertTrue(working.lastError().isEmpty() && working.registered() && working.lastAnswer().isPresent(),
                working.toString());
        assertTrue(backend.calls.contains("register second " + second.advertiseAddress()), backend.calls.toString());

        backend.down = true; // down again: the cluster formed goes on
        int before = backend.lookups.get();
        Await.until(Duration.ofSeconds(10), () -> backend.lookups.get() > before + 1);
        assertEquals(2, second.liveMembers().size());
        assertTrue(first.member(second.id()).map(m -> m.state() == MemberState.ALIVE).orElse(false));

        second.close();
        assertTrue(backend.calls.contains("deregister"), "a leaving node deregisters: " + backend.calls);
    }

    @Test
    void aNewAddressInTheAnswerIsContactedWhileTheClusterIsSmallerThanWhatWasFound() throws Exception {
        ScriptedBackend backend = new ScriptedBackend();
        PekoNode watcher = node("watcher", backend, "scripted:x").start();
        watcher.join(List.of()).get(5, TimeUnit.SECONDS);
        PekoNode loner = node("loner", null).start(); // knows nobody and is found only through the answer
        loner.join(List.of()).get(5, TimeUnit.SECONDS);
        backend.answer.set(List.of(loner.advertiseAddress()));
        Await.until(Duration.ofSeconds(15), () -> loner.liveMembers().size() == 2, () -> TestClusters.describe(nodes));
    }

    @Test
    void aStaticSourceIsBuiltIn() throws Exception {
        PekoNode first = node("s1", null).start();
        first.join(List.of()).get(5, TimeUnit.SECONDS);
        PekoNode second = node("s2", null, "static:" + first.advertiseAddress()).start();
        assertEquals(1, second.join(List.of()).get(10, TimeUnit.SECONDS));
        Await.until(Duration.ofSeconds(10), () -> first.liveMembers().size() == 2);
    }

    @Test
    void anUnknownSchemeFailsAtCreationListingWhatWasFoundWithCloseMatchesAndTheJarToAdd() {
        ClusterConfig typo = ClusterConfig.local().discover("statik:127.0.0.1:1").build();
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class, () -> PekoNode.create(typo));
        assertEquals("discovery", e.kind());
        assertTrue(e.getMessage().contains("'static'") && e.suggestions().contains("static"), e.getMessage());
        ClusterConfig etcd = ClusterConfig.local().discover("etcd://127.0.0.1:2379/p").build();
        PluginNotFoundException missing = assertThrows(PluginNotFoundException.class, () -> PekoNode.create(etcd));
        assertTrue(missing.getMessage().contains("pekonode-discovery-etcd.jar"), missing.getMessage());
        ClusterConfig noScheme = ClusterConfig.local().discover("peko.internal").build();
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> PekoNode.create(noScheme));
        assertTrue(bare.getMessage().contains("no scheme"), bare.getMessage());
        ClusterConfig badStatic = ClusterConfig.local().discover("static:nohost").build();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> PekoNode.create(badStatic));
        assertTrue(bad.getMessage().contains("static:HOST:PORT"), bad.getMessage());
    }
}

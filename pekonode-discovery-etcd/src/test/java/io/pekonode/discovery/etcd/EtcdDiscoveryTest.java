package io.pekonode.discovery.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.Discovery.NodeRegistration;
import io.pekonode.api.spi.discovery.DiscoveryException;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import io.pekonode.testkit.servers.Etcd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The etcd plugin against a real single-member etcd on 127.0.0.1. */
class EtcdDiscoveryTest {

    @TempDir
    static Path dir;
    private static Etcd etcd;
    private final List<Discovery> opened = new ArrayList<>();
    private String prefix;

    @BeforeAll
    static void startEtcd() {
        etcd = Etcd.start(dir);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @AfterEach
    void closeSources() {
        opened.forEach(Discovery::close);
    }

    private Discovery source(String query, TestInfo test) {
        prefix = test.getTestMethod().orElseThrow().getName();
        Discovery d = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(
                "etcd://" + etcd.hostPort() + "/pekonode/" + prefix + query, 7946));
        opened.add(d);
        return d;
    }

    private static NodeRegistration node(int i) {
        return new NodeRegistration("id-" + i, "node-" + i, new NodeAddress("127.0.0." + (i + 1), 7946));
    }

    private static Set<NodeAddress> seeds(Discovery d) throws DiscoveryException {
        return new HashSet<>(d.seeds().addresses());
    }

    @Test
    void registeredNodesFindEachOtherByPrefixAndALeavingNodeRemovesItsKey(TestInfo test) throws Exception {
        List<Discovery> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Discovery d = source("?ttl=5", test);
            d.register(node(i));
            nodes.add(d);
        }
        Set<NodeAddress> all = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            all.add(node(i).address());
        }
        for (Discovery d : nodes) {
            assertEquals(all, seeds(d));
        }
        nodes.get(0).deregister();
        all.remove(node(1).address());
        assertEquals(all, seeds(nodes.get(1)), "gone at once on leave, not after the TTL");
    }

    @Test
    void aCrashedNodesKeyVanishesWhenItsLeaseExpiresWhileARenewedOneStays(TestInfo test) throws Exception {
        Discovery crashing = source("?ttl=2", test);
        Discovery alive = source("?ttl=2", test);
        crashing.register(node(1));
        alive.register(node(2));
        assertEquals(Set.of(node(1).address(), node(2).address()), seeds(alive));
        crashing.close(); // no deregistration, no renewal: as if the process was killed
        long start = System.nanoTime();
        while (seeds(alive).contains(node(1).address())) {
            alive.renew();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos(), "key still there 8 s after a 2 s TTL");
            Thread.sleep(200);
        }
        assertEquals(Set.of(node(2).address()), seeds(alive), "the renewed registration outlives the TTL");
    }

    @Test
    void theWatchSaysWhenANodeRegisters(TestInfo test) throws Exception {
        Discovery watching = source("", test);
        CountDownLatch changed = new CountDownLatch(1);
        watching.watch(changed::countDown);
        // No pause: the watch starts from the revision current when watch() returned, even if it opens later.
        Discovery other = source("", test);
        other.register(node(3));
        assertTrue(changed.await(10, TimeUnit.SECONDS), "no watch event for a new registration");
    }

    @Test
    void aRegistrationBetweenTheLastReadAndTheWatchIsNotMissed(TestInfo test) throws Exception {
        Discovery watching = source("", test);
        Discovery other = source("", test);
        assertFalse(seeds(watching).contains(node(6).address()));
        other.register(node(6)); // after the read the engine acted on, before its watch opens
        CountDownLatch changed = new CountDownLatch(1);
        watching.watch(changed::countDown);
        assertTrue(changed.await(10, TimeUnit.SECONDS), "the registration made after the last read was never reported");
    }

    @Test
    void etcdDownIsAnErrorNamingTheEndpointAndRegistrationResumesWhenItReturns(TestInfo test) throws Exception {
        Discovery d = source("?ttl=3&timeout=500", test);
        d.register(node(4));
        etcd.stop();
        try {
            DiscoveryException down = assertThrows(DiscoveryException.class, d::seeds);
            assertTrue(down.getMessage().contains(etcd.hostPort()), down.getMessage());
            assertThrows(DiscoveryException.class, d::renew);
        } finally {
            etcd.begin();
        }
        await(() -> {
            try {
                d.register(node(4));
                return seeds(d).contains(node(4).address());
            } catch (DiscoveryException e) {
                return false;
            }
        });
    }

    @Test
    void aSecondEndpointIsUsedWhenTheFirstIsDead(TestInfo test) throws Exception {
        Discovery d = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse("etcd://127.0.0.1:1," + etcd.hostPort()
                + "/pekonode/failover?timeout=500", 7946));
        opened.add(d);
        d.register(node(5));
        assertTrue(seeds(d).contains(node(5).address()));
    }

    @Test
    void unparsableSourcesAreRefusedWithTheExpectedForm() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "secret\n");
        for (String bad : List.of("etcd:127.0.0.1:2379/p", "etcd://127.0.0.1:2379", "etcd://127.0.0.1:2379/",
                "etcd://127.0.0.1/p", "etcd://127.0.0.1:99999/p", "etcd://127.0.0.1:2379/p?ttl=0",
                "etcd://127.0.0.1:2379/p?ttl=x", "etcd://127.0.0.1:2379/p?tll=5", "etcd://127.0.0.1:2379/p?user=u",
                "etcd://127.0.0.1:2379/p?ca=/nonexistent.pem&tls=true", "etcd://127.0.0.1:2379/p?password-env=PEKO_UNSET_VAR&user=u")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(bad, 7946)), bad);
            assertTrue(e.getMessage().contains("expected etcd://") || e.getMessage().contains("unknown parameter"),
                    e.getMessage());
        }
        Discovery withUser = new EtcdDiscoveryProvider().create(DiscoveryTarget.parse(
                "etcd://127.0.0.1:2379/p?user=u&password-file=" + password, 7946));
        withUser.close();
        assertFalse(DiscoveryTarget.parse("etcd://h:1/p?user=u&password=secret", 1).toString().contains("secret"),
                "credentials never reach a log line");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(200);
        }
    }
}

package io.pekonode.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.transport.stream.testing.TestSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostResolverTest {

    @Test
    void literalsNeedNoLookup() {
        try (HostResolver resolver = new HostResolver(Duration.ofSeconds(5), "test-dns")) {
            assertEquals(new InetSocketAddress("127.0.0.1", 7), resolver.cached(new NodeAddress("127.0.0.1", 7)));
            assertNotNull(resolver.cached(new NodeAddress("::1", 7)));
            assertNull(resolver.cached(new NodeAddress("localhost", 7)), "names are not resolved in the caller");
        }
        assertTrue(HostResolver.isIpLiteral("10.0.0.255"));
        assertFalse(HostResolver.isIpLiteral("10.0.0.256"));
        assertFalse(HostResolver.isIpLiteral("1.2.3"));
        assertFalse(HostResolver.isIpLiteral("example.com"));
    }

    @Test
    void namesResolveAsynchronouslyAndAreCached() throws Exception {
        try (HostResolver resolver = new HostResolver(Duration.ofSeconds(5), "test-dns")) {
            NodeAddress address = new NodeAddress("localhost", 9);
            InetSocketAddress resolved = resolver.resolve(address).get(10, TimeUnit.SECONDS);
            assertTrue(resolved.getAddress().isLoopbackAddress());
            assertEquals(resolved, resolver.cached(address));
        }
    }

    /**
     * A seed given by name is looked up again once the short cache expires, so a retried join after
     * the seed moved (a restarted container with a new IP) goes to the new address.
     */
    @Test
    void aNameIsLookedUpAgainOnceTheCacheExpiresAndTheNewAnswerIsUsed() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> answer = new java.util.concurrent.atomic.AtomicReference<>("10.0.0.1");
        java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
        HostResolver.Lookup fake = host -> {
            queries.incrementAndGet();
            if (!host.equals("seed.cluster.example")) {
                throw new java.net.UnknownHostException(host);
            }
            return java.net.InetAddress.getByName(answer.get());
        };
        Duration ttl = Duration.ofMillis(200);
        try (HostResolver resolver = new HostResolver(ttl, "test-dns", fake)) {
            NodeAddress seed = new NodeAddress("seed.cluster.example", 7946);
            assertEquals(new InetSocketAddress("10.0.0.1", 7946), resolver.resolve(seed).get(10, TimeUnit.SECONDS));
            answer.set("10.0.0.2"); // the seed moved
            assertEquals(new InetSocketAddress("10.0.0.1", 7946), resolver.resolve(seed).get(10, TimeUnit.SECONDS),
                    "within the cache lifetime the old answer is reused");
            assertEquals(1, queries.get());
            TestSupport.await("the new address is used", Duration.ofSeconds(10), () -> {
                try {
                    return resolver.resolve(seed).get(10, TimeUnit.SECONDS).equals(new InetSocketAddress("10.0.0.2", 7946));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertEquals(2, queries.get(), "one query per cache lifetime, not one per send");
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class,
                    () -> resolver.resolve(new NodeAddress("gone.example", 1)).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("gone.example"), e.getCause().getMessage());
        }
    }
}

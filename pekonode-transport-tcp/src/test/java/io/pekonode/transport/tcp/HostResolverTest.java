package io.pekonode.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
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
}

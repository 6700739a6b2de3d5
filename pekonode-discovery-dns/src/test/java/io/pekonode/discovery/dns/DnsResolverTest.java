package io.pekonode.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search list as a pod's resolver applies it, so a Service's short name works as it does in the pod. */
class DnsResolverTest {

    private static final List<String> POD_SEARCH = List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local");

    private static DnsResolver resolver(int ndots) {
        return new DnsResolver(List.of(new InetSocketAddress("127.0.0.1", 53)), POD_SEARCH, ndots, Duration.ofSeconds(1));
    }

    @Test
    void aNameWithFewerDotsThanNdotsTriesTheSearchDomainsFirst() {
        assertEquals(List.of("pekonode.default.svc.cluster.local", "pekonode.svc.cluster.local", "pekonode.cluster.local",
                "pekonode"), resolver(5).candidates("pekonode"));
        assertEquals("pekonode.default.svc.svc.cluster.local", resolver(5).candidates("pekonode.default.svc").get(1));
    }

    @Test
    void aNameWithEnoughDotsOrAFinalDotIsTriedAsGivenFirst() {
        assertEquals("peko.example.internal", resolver(1).candidates("peko.example.internal").get(0));
        assertEquals(List.of("peko.example.internal"), resolver(5).candidates("peko.example.internal."));
    }
}

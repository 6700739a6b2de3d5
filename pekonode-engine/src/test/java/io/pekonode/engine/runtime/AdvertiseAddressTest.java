package io.pekonode.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdvertiseAddressTest {

    @Test
    void anExplicitAddressWinsAndTakesTheBoundPortWhenItsPortIsZero() {
        NodeAddress bound = new NodeAddress("0.0.0.0", 40123);
        assertEquals(new NodeAddress("node1.example", 7946),
                AdvertiseAddress.choose(Optional.of(new NodeAddress("node1.example", 7946)), bound));
        assertEquals(new NodeAddress("203.0.113.9", 40123),
                AdvertiseAddress.choose(Optional.of(new NodeAddress("203.0.113.9", 0)), bound));
    }

    @Test
    void aSpecificBindAddressIsAdvertisedAsIs() {
        NodeAddress bound = new NodeAddress("127.0.0.1", 40123);
        assertEquals(bound, AdvertiseAddress.choose(Optional.empty(), bound));
        NodeAddress v6 = new NodeAddress("::1", 40123);
        assertEquals(v6, AdvertiseAddress.choose(Optional.empty(), v6));
    }

    @Test
    void aWildcardBindIsReplacedByAReachableAddress() throws Exception {
        for (String wildcard : new String[] {"0.0.0.0", "::"}) {
            NodeAddress chosen = AdvertiseAddress.choose(Optional.empty(), new NodeAddress(wildcard, 40123));
            assertEquals(40123, chosen.port());
            InetAddress ip = InetAddress.getByName(chosen.host());
            assertFalse(ip.isAnyLocalAddress(), chosen.toString());
            assertTrue(ip.isSiteLocalAddress() || chosen.host().equals("127.0.0.1"), chosen.toString());
        }
    }
}

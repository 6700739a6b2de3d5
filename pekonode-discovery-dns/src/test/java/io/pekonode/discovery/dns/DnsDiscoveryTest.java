package io.pekonode.discovery.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.discovery.DiscoveredSeeds;
import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryException;
import io.pekonode.api.spi.discovery.DiscoveryTarget;
import io.pekonode.testkit.servers.Dnsmasq;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DNS plugin against a real dnsmasq on 127.0.0.1, whose records the tests change. */
class DnsDiscoveryTest {

    private static final int GOSSIP_PORT = 7946;
    @TempDir
    static Path dir;
    private static Dnsmasq dns;

    @BeforeAll
    static void startDnsmasq() {
        dns = Dnsmasq.start(dir, Duration.ofSeconds(3));
    }

    @AfterAll
    static void stopDnsmasq() {
        if (dns != null) {
            dns.close();
        }
    }

    private static Discovery source(String text) {
        DiscoveryTarget target = DiscoveryTarget.parse(text, GOSSIP_PORT);
        return target.scheme().equals("dns+srv") ? new DnsSrvDiscoveryProvider().create(target)
                : new DnsDiscoveryProvider().create(target);
    }

    @Test
    void everyAAndAaaaRecordOfANameIsASeedWithTheNodesPortAndTheRecordsTtl() throws Exception {
        dns.hosts(Map.of("multi.test", List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "::1")));
        DiscoveredSeeds seeds = source("dns:multi.test?server=" + dns.server()).seeds();
        assertEquals(Set.of(new NodeAddress("127.0.0.2", GOSSIP_PORT), new NodeAddress("127.0.0.3", GOSSIP_PORT),
                new NodeAddress("127.0.0.4", GOSSIP_PORT), new NodeAddress("0:0:0:0:0:0:0:1", GOSSIP_PORT)),
                new HashSet<>(seeds.addresses()));
        assertEquals(Duration.ofSeconds(3), seeds.validFor().orElseThrow(), "the records' TTL");
        DiscoveredSeeds withPort = source("dns:multi.test:4000?server=" + dns.server()).seeds();
        assertTrue(withPort.addresses().stream().allMatch(a -> a.port() == 4000), withPort.toString());
    }

    @Test
    void aRecordAddedLaterIsFoundAndARemovedOneIsGone() throws Exception {
        Discovery source = source("dns:changing.test?server=" + dns.server());
        dns.hosts(Map.of("changing.test", List.of("127.0.0.2", "127.0.0.3")));
        assertEquals(2, source.seeds().addresses().size());
        dns.hosts(Map.of("changing.test", List.of("127.0.0.2", "127.0.0.3", "127.0.0.9")));
        assertTrue(source.seeds().addresses().contains(new NodeAddress("127.0.0.9", GOSSIP_PORT)));
        dns.hosts(Map.of("changing.test", List.of("127.0.0.3")));
        assertEquals(List.of(new NodeAddress("127.0.0.3", GOSSIP_PORT)), source.seeds().addresses());
    }

    @Test
    void srvRecordsGiveTheirTargetsWithTheirPortsAndATargetPointingNowhereIsSkipped() throws Exception {
        dns.hosts(Map.of("a.test", List.of("127.0.0.2"), "b.test", List.of("127.0.0.3")));
        dns.srv(List.of("_pekonode._udp.srv.test,a.test,47102", "_pekonode._udp.srv.test,b.test,47103",
                "_pekonode._udp.srv.test,nowhere.test,47104", "_pekonode._udp.dead.test,nowhere.test,47105"));
        try {
            DiscoveredSeeds seeds = source("dns+srv:_pekonode._udp.srv.test?server=" + dns.server()).seeds();
            assertEquals(Set.of(new NodeAddress("127.0.0.2", 47102), new NodeAddress("127.0.0.3", 47103)),
                    new HashSet<>(seeds.addresses()));
            assertTrue(seeds.validFor().isPresent());
            DiscoveryException nowhere = assertThrows(DiscoveryException.class,
                    () -> source("dns+srv:_pekonode._udp.dead.test?server=" + dns.server()).seeds());
            assertTrue(nowhere.getMessage().contains("nowhere.test"), nowhere.getMessage());
        } finally {
            dns.srv(List.of());
        }
    }

    @Test
    void aNameWithThousandsOfRecordsIsReadOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add("10." + (i / 250) + "." + (i % 250) + ".1");
        }
        dns.hosts(Map.of("crowd.test", many));
        assertEquals(2000, source("dns:crowd.test?server=" + dns.server()).seeds().addresses().size());
    }

    @Test
    void aMissingNameAndADeadServerAreDiscoveryErrorsNamingThem() throws Exception {
        DiscoveryException missing = assertThrows(DiscoveryException.class,
                () -> source("dns:missing.test?server=" + dns.server()).seeds());
        assertTrue(missing.getMessage().contains("missing.test") && missing.getMessage().contains("NXDOMAIN"),
                missing.getMessage());
        int silent;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silent = socket.getLocalPort(); // bound but never answering
            long started = System.nanoTime();
            DiscoveryException dead = assertThrows(DiscoveryException.class,
                    () -> source("dns:peko.test?timeout=200&server=127.0.0.1:" + socket.getLocalPort()).seeds());
            assertTrue(dead.getMessage().contains("127.0.0.1:" + silent), dead.getMessage());
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(3).toNanos(), "bounded by the timeout");
        }
    }

    @Test
    void unparsableSourcesAreRefusedWithTheExpectedForm() {
        for (String bad : List.of("dns:bad..name", "dns:-bad.test", "dns:peko.test:99999", "dns:peko.test:x",
                "dns:peko.test?sever=127.0.0.1:53", "dns+srv:_p._udp.test:7946", "dns:peko.test?server=127.0.0.1:0",
                "dns:peko.test?timeout=abc")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> source(bad), bad);
            assertTrue(e.getMessage().contains(bad) && e.getMessage().contains("expected")
                    || e.getMessage().contains("unknown parameter"), e.getMessage());
        }
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class,
                () -> new DnsDiscoveryProvider().create(DiscoveryTarget.parse("dns:peko.test", 0)));
        assertTrue(noPort.getMessage().contains("dns:peko.test:PORT"), noPort.getMessage());
    }
}

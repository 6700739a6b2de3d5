package io.pekonode.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.TransportConfig;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

    private static final NodeAddress BIND = NodeAddress.parse("0.0.0.0:7946");
    private static final NodeAddress SEED = NodeAddress.parse("10.0.0.1:7946");

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void commonUseStaysShortAndReadsByGroup() {
        ClusterConfig config = ClusterConfig.lan().nodeName("web-1").bind(BIND).seed(SEED)
                .failureDetection(fd -> fd.probeInterval(ms(500)))
                .build();
        assertEquals(ms(500), config.failureDetection().probeInterval());
        assertEquals(ms(500), config.failureDetection().probeTimeout(), "the rest of the group keeps its defaults");
        assertEquals(List.of(SEED), config.seeds());
        assertEquals("web-1", config.nodeName().orElseThrow());
    }

    @Test
    void theLanPresetIsEveryGroupsDefaults() {
        ClusterConfig lan = ClusterConfig.lan().build();
        assertEquals(new FailureDetectionConfig(s(1), ms(500), 3, 4, 6, true, 8, true), lan.failureDetection());
        assertEquals(new GossipConfig(ms(200), 3, 4, s(30)), lan.gossip());
        assertEquals(new AntiEntropyConfig(s(30), Duration.ofHours(1), Duration.ofHours(24)), lan.antiEntropy());
        assertEquals(new NetworkConfig(1400, 8 * 1024 * 1024, s(2), s(10), s(60), 256), lan.network());
        assertEquals(new LimitsConfig(512, 64 * 1024, 512, 1024, 4 * 1024 * 1024, 4096, 10_000, OptionalInt.of(2000)),
                lan.limits());
        assertEquals(new MessagingConfig(4, 1000, s(1)), lan.messaging());
        assertEquals(new LifecycleConfig(true, s(1), s(30), s(10), s(1)), lan.lifecycle());
        assertEquals(new PersistenceConfig(s(1)), lan.persistence());
        assertEquals("udp", lan.transport());
        assertEquals("json", lan.codec());
        assertEquals(BIND, lan.bind());
        assertEquals(FailureDetectionConfig.defaults(), lan.failureDetection());
        assertEquals(LimitsConfig.defaults(), lan.limits());
    }

    @Test
    void theLocalAndWanPresetsChangeOnlyTheirTimings() {
        ClusterConfig lan = ClusterConfig.lan().build();
        ClusterConfig local = ClusterConfig.local().build();
        assertEquals(new FailureDetectionConfig(s(1), ms(200), 1, 3, 6, true, 8, true), local.failureDetection());
        assertEquals(new GossipConfig(ms(100), 3, 2, s(30)), local.gossip());
        assertEquals(s(15), local.antiEntropy().pushPullInterval());
        assertEquals(new NetworkConfig(1400, 8 * 1024 * 1024, s(1), s(5), s(60), 256), local.network());

        ClusterConfig wan = ClusterConfig.wan().build();
        assertEquals(new FailureDetectionConfig(s(5), s(3), 3, 6, 6, true, 8, true), wan.failureDetection());
        assertEquals(new GossipConfig(ms(500), 4, 4, s(60)), wan.gossip());
        assertEquals(s(60), wan.antiEntropy().pushPullInterval());
        assertEquals(new NetworkConfig(1400, 8 * 1024 * 1024, s(10), s(30), s(60), 256), wan.network());

        for (ClusterConfig preset : List.of(local, wan)) {
            assertEquals(lan.limits(), preset.limits());
            assertEquals(lan.messaging(), preset.messaging());
            assertEquals(lan.lifecycle(), preset.lifecycle());
            assertEquals(lan.persistence(), preset.persistence());
        }
        assertEquals(wan.gossip(), ClusterConfig.profile("wan").build().gossip());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.profile("lab"));
    }

    @Test
    void aGroupIsChangedInPlaceOrReplacedWholeAndToBuilderKeepsEverything() {
        GossipConfig gossip = GossipConfig.builder().fanout(5).build();
        ClusterConfig config = ClusterConfig.wan().nodeId("n1").tag("role", "web").transport("tcp")
                .gossip(gossip)
                .limits(l -> l.maxValueBytes(128 * 1024).noInboundRateLimit())
                .persistence(p -> p.stateSaveInterval(s(5)))
                .build();
        assertEquals(gossip, config.gossip(), "replaced whole: the wan gossip timings are gone");

        ClusterConfig copy = config.toBuilder().build();
        assertEquals(config.toString(), copy.toString());
        assertEquals(config.limits(), copy.limits());
        ClusterConfig changed = config.toBuilder().messaging(m -> m.handlerThreads(8)).build();
        assertEquals(8, changed.messaging().handlerThreads());
        assertEquals(config.failureDetection(), changed.failureDetection());
        assertEquals(4, config.messaging().handlerThreads(), "the original is immutable");
    }

    @Test
    void maxMessageBytesFollowsTheFrameSizeUnlessSet() {
        assertEquals(LimitsConfig.DEFAULT_MAX_MESSAGE_BYTES, ClusterConfig.lan().build().limits().maxMessageBytes());
        ClusterConfig small = ClusterConfig.lan().network(n -> n.maxFrameSize(1024 * 1024)).build();
        int fitting = small.limits().maxMessageBytes();
        assertTrue(fitting < 1024 * 1024 && fitting > 512 * 1024, "base64 of it fits in a 1 MiB frame: " + fitting);
        assertEquals(100_000, ClusterConfig.lan().limits(l -> l.maxMessageBytes(100_000)).build().limits().maxMessageBytes());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.lan()
                .network(n -> n.maxFrameSize(1024 * 1024)).limits(l -> l.maxMessageBytes(1024 * 1024)).build());
        assertTrue(e.getMessage().contains("maxMessageBytes (1048576) must fit in a reliable frame"), e.getMessage());
    }

    @Test
    void theInboundRateLimitIsANumberOrExplicitlyNone() {
        assertEquals(OptionalInt.of(LimitsConfig.DEFAULT_INBOUND_RATE_LIMIT), LimitsConfig.defaults().inboundRateLimit());
        assertEquals(OptionalInt.of(50), LimitsConfig.builder().inboundRateLimit(50).build().inboundRateLimit());
        assertEquals(OptionalInt.empty(), LimitsConfig.builder().noInboundRateLimit().build().inboundRateLimit());
        assertEquals(OptionalInt.empty(), LimitsConfig.builder().inboundRateLimit(0).build().inboundRateLimit(),
                "0 is off, as with the agent's flag");
        assertThrows(IllegalArgumentException.class, () -> LimitsConfig.builder().inboundRateLimit(-1));
        assertThrows(IllegalArgumentException.class, () -> new LimitsConfig(512, 1024, 512, 1024, 1024, 1, 1, OptionalInt.of(0)));
    }

    @Test
    void settingsThatContradictEachOtherFailAtBuild() {
        IllegalArgumentException probe = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.lan().failureDetection(fd -> fd.probeTimeout(s(2))).build());
        assertTrue(probe.getMessage().contains("probeTimeout (PT2S) must not exceed probeInterval (PT1S)"), probe.getMessage());
        IllegalArgumentException event = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.lan().limits(l -> l.maxValueBytes(512)).build());
        assertTrue(event.getMessage().contains("maxEventPayloadBytes (1024) must not exceed maxValueBytes (512)"), event.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> ClusterConfig.lan().network(n -> n.maxFrameSize(64 * 1024)).build());
        assertTrue(value.getMessage().contains("maxValueBytes (65536) must fit in a reliable frame (65536 bytes)"), value.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.lan().network(n -> n.maxPacketSize(100)).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.lan().gossip(g -> g.interval(Duration.ZERO)).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterConfig.lan().transport(" ").build());
    }

    @Test
    void zeroDurationsAreValuesNotSentinels() {
        LifecycleConfig noWait = LifecycleConfig.builder().closeLeaveTimeout(Duration.ZERO).build();
        assertEquals(Duration.ZERO, noWait.closeLeaveTimeout());
        assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.builder().closeLeaveTimeout(ms(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.builder().commandTimeout(Duration.ZERO).build());
        assertFalse(LifecycleConfig.builder().bootstrap(false).build().bootstrap());
    }

    @Test
    void transportsReceiveTheNetworkGroupFromOnePlace() {
        NetworkConfig network = NetworkConfig.builder().maxPacketSize(1200).maxFrameSize(32 * 1024 * 1024)
                .connectTimeout(s(3)).ioTimeout(s(4)).idleConnectionTimeout(s(5)).maxConnections(7).build();
        TransportConfig t = TransportConfig.of(SEED, network);
        assertEquals(new TransportConfig(SEED, 1200, 32 * 1024 * 1024, s(3), s(4), s(5), 7, 64 * 1024 * 1024), t,
                "the send queue holds two whole frames when that is more than the minimum");
        assertEquals(TransportConfig.of(SEED, NetworkConfig.defaults()), TransportConfig.defaults(SEED));
        assertEquals((int) NetworkConfig.MIN_SEND_QUEUE_BYTES, TransportConfig.defaults(SEED).sendQueueLimit());
    }
}

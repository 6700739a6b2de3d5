package io.pekonode.engine.core.usermessages;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.engine.core.gossip.BroadcastQueue;
import io.pekonode.engine.core.gossip.RumorSizes;
import io.pekonode.engine.core.gossip.SupersedeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The queue packs packets by {@link RumorSizes}: the new rumors must never be underestimated. */
class MessagingRumorSizesTest {
    private static final String UUID = "3f2b8c1e-9d4a-4e7b-8f6a-1c2d3e4f5a6b";
    private static final Origin ORIGIN = new Origin(UUID, new NodeAddress("fe80::1%eth0", 65535));

    static List<Rumor> samples() {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("role", "web|db");
        filter.put("ключ\"\\", "^[a-z]+\\d{2}$<&>='");
        return List.of(
                new UserEventRumor("", 0, "", new byte[0], false),
                new UserEventRumor(UUID, Long.MAX_VALUE, "deploy", new byte[1], true),
                new UserEventRumor(UUID, Long.MIN_VALUE, "名前🙂\"\n\u0001", new byte[2], false),
                new UserEventRumor(UUID, 1_700_000_000_123L, "e", new byte[1024], true),
                new UserEventRumor(UUID, 1, "big", new byte[8192], false),
                new QueryRumor(new Origin("", new NodeAddress("h", 0)), 0, "", new byte[0], Map.of(), List.of(), 0, false),
                new QueryRumor(ORIGIN, Long.MIN_VALUE, "who-is-üp", new byte[3], filter,
                        List.of(UUID, "ノード🙂", ""), Long.MIN_VALUE, true),
                new QueryRumor(ORIGIN, 1_700_000_000_123L, "q", new byte[1000], Map.of("dc", ".*"), List.of(), 5_000, true));
    }

    private static Optional<Codec> jsonCodec() {
        return ServiceLoader.load(CodecProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .findFirst()
                .map(p -> p.create(DecodeLimits.defaults()));
    }

    /**
     * The json codec is a test dependency of this module, so its absence is a broken build, not a
     * reason to skip; and a rumor it refuses to encode ({@code IllegalArgumentException}) is exactly
     * the mismatch this test exists to catch, so it fails the test.
     */
    @Test
    void estimatesBoundTheJsonEncoding() {
        Codec codec = jsonCodec().orElseThrow(() -> new AssertionError("the json codec is not on the test path"));
        int empty = codec.encode(new Gossip(ORIGIN, List.of())).length;
        for (Rumor rumor : samples()) {
            byte[] encoded = codec.encode(new Gossip(ORIGIN, List.of(rumor)));
            int alone = encoded.length - empty + 1; // + a comma
            assertTrue(RumorSizes.estimate(rumor) >= alone, RumorSizes.estimate(rumor) + " < " + alone + ": " + rumor);
        }
    }

    @Test
    void estimatesGrowWithEveryVariablePartAndNoneIsBelowTheMinimum() {
        for (Rumor rumor : samples()) {
            assertTrue(RumorSizes.estimate(rumor) >= RumorSizes.MIN_RUMOR_ESTIMATE, rumor.toString());
        }
        UserEventRumor small = new UserEventRumor(UUID, 1, "e", new byte[10], false);
        UserEventRumor larger = new UserEventRumor(UUID, 1, "e", new byte[13], false);
        assertTrue(RumorSizes.estimate(larger) >= RumorSizes.estimate(small) + 4, "payload counted as base64");
        QueryRumor plain = new QueryRumor(ORIGIN, 1, "q", new byte[0], Map.of(), List.of(), 1, false);
        QueryRumor filtered = new QueryRumor(ORIGIN, 1, "q", new byte[0], Map.of("role", "web"), List.of("n1"), 1, false);
        assertTrue(RumorSizes.estimate(filtered) >= RumorSizes.estimate(plain) + "\"role\":\"web\",\"n1\",".length());
    }

    @Test
    void aDefaultSizedEventGoesOverTheReliablePathAndSmallOnesInPackets() {
        BroadcastQueue queue = new BroadcastQueue(() -> 100, 4);
        int budget = 1400 - RumorSizes.envelope(UUID, ORIGIN.address());
        queue.enqueue(SupersedeKey.userEvent(UUID, 1), new UserEventRumor(UUID, 1, "e", new byte[1023], false)); // the 1 KiB default limit
        queue.enqueue(SupersedeKey.userEvent(UUID, 2), new UserEventRumor(UUID, 2, "e", new byte[100], false));
        List<Rumor> packet = queue.take(budget);
        List<Rumor> reliable = queue.takeOversized(budget);
        assertTrue(packet.size() == 1 && ((UserEventRumor) packet.get(0)).lamportTime() == 2, packet.toString());
        assertTrue(reliable.size() == 1 && ((UserEventRumor) reliable.get(0)).lamportTime() == 1, reliable.toString());
    }
}

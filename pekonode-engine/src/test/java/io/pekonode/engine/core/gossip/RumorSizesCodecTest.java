package io.pekonode.engine.core.gossip;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.CodecProvider;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Rumor;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Checks the estimates against the real JSON codec, whose format is what they must bound. */
class RumorSizesCodecTest {

    private static final Origin ORIGIN = new Origin("3f2b8c1e-9d4a-4e7b-8f6a-1c2d3e4f5a6b",
            new NodeAddress("fe80::1%eth0", 65535));

    private static Codec jsonCodec() {
        Optional<CodecProvider> json = ServiceLoader.load(CodecProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("json"))
                .findFirst();
        // A test dependency of this module: missing means a broken build, never a reason to skip.
        return json.orElseThrow(() -> new AssertionError("the json codec is not on the test path"))
                .create(DecodeLimits.defaults());
    }

    @Test
    void everyRumorEncodesWithinItsEstimate() {
        Codec codec = jsonCodec();
        int empty = codec.encode(new Gossip(ORIGIN, List.of())).length;
        assertTrue(empty <= RumorSizes.MESSAGE_OVERHEAD, "envelope " + empty);
        for (Rumor rumor : RumorSizesTest.samples()) {
            int alone = codec.encode(new Gossip(ORIGIN, List.of(rumor))).length - empty + 1; // + a comma
            assertTrue(RumorSizes.estimate(rumor) >= alone, RumorSizes.estimate(rumor) + " < " + alone + ": " + rumor);
        }
    }

    @Test
    void aPacketFilledByEstimatesFitsTheBudget() {
        Codec codec = jsonCodec();
        BroadcastQueue queue = new BroadcastQueue(() -> 100, 4);
        List<Rumor> samples = RumorSizesTest.samples();
        for (int i = 0; i < samples.size(); i++) {
            queue.enqueue(SupersedeKey.metadata("k" + i), samples.get(i)); // one subject each, as before
        }
        int packet = 1400;
        for (int round = 0; round < 20 && queue.size() > 0; round++) {
            List<Rumor> rumors = queue.take(packet - RumorSizes.MESSAGE_OVERHEAD);
            int encoded = codec.encode(new Gossip(ORIGIN, rumors)).length;
            assertTrue(encoded <= packet, "round " + round + ": " + encoded + " bytes");
        }
    }
}

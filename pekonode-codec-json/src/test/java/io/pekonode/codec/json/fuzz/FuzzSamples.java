package io.pekonode.codec.json.fuzz;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import io.pekonode.codec.json.JsonCodecProvider;
import io.pekonode.codec.json.Zlib;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One valid message of every wire type (every rumor type included), for seeds and mutations. */
final class FuzzSamples {

    /** Small limits, so that over-limit paths are reachable by short fuzz inputs too. */
    static final DecodeLimits LIMITS = new DecodeLimits(64 * 1024, 64, 1024, 8, 16, 16, 16);
    static final Codec CODEC = new JsonCodecProvider().create(LIMITS);

    private FuzzSamples() {
    }

    static List<WireMessage> everyType() {
        Origin o = new Origin("node-1", new NodeAddress("10.0.0.1", 7946));
        NodeAddress v6 = new NodeAddress("fd00::2", 7946);
        Member alive = new Member("id-2", "näme", v6, Map.of("zone", "eu"), MemberState.ALIVE, 3);
        Member dead = new Member("id-3", "", new NodeAddress("host.example", 1), Map.of(), MemberState.DEAD, 0);
        HlcTimestamp v = new HlcTimestamp(1_732_190_000_123L, 7, "id-2");
        MetadataEntry entry = new MetadataEntry("k/ü", "value".getBytes(StandardCharsets.UTF_8), v);
        MetadataEntry tombstone = MetadataEntry.tombstone("gone", v);
        byte[] payload = {0, 1, 2, (byte) 0xff};
        List<Rumor> rumors = List.of(new MemberRumor(alive, "id-2"), new MemberRumor(dead, ""), new MetadataRumor(entry),
                new UserEventRumor("id-2", 5, "deploy", payload, true),
                new QueryRumor(o, 6, "load", payload, Map.of("zone", "eu"), List.of("id-2"), 1000, true));
        return List.of(
                new Ping(o, 42, "id-2", rumors),
                new IndirectPing(o, 43, "id-3", v6, true, rumors),
                new Ack(o, 42, rumors),
                new Nack(o, 43),
                new Gossip(o, rumors),
                new SyncRequest(o, true, List.of(alive, dead), new MetadataDigest(0xdeadbeefL, List.of(new KeyVersion("k/ü", v)))),
                new SyncResponse(o, List.of(alive), List.of(entry, tombstone), List.of("k/ü")),
                new MetadataPush(o, List.of(entry, tombstone)),
                new DirectMessage(o, 77, "svc/echo", payload, true),
                new DirectReply(o, 77, DirectReply.Status.HANDLER_FAILED, new byte[0], "boom"),
                new QueryReply(o, 6, false, payload));
    }

    static List<byte[]> encodedEveryType() {
        return everyType().stream().map(CODEC::encode).toList();
    }

    /** The JSON of every type, inflated where the codec compressed it. */
    static List<byte[]> jsonEveryType() {
        return encodedEveryType().stream().map(Zlib::json).toList();
    }

    /** Every encoding as JSON, and again as it travels for those the codec compresses. */
    static List<byte[]> jsonAndCompressedEveryType() {
        List<byte[]> all = new ArrayList<>(jsonEveryType());
        encodedEveryType().stream().filter(Zlib::isCompressed).forEach(all::add);
        return all;
    }

    /** Printable form of a failing input for an assertion message. */
    static String show(byte[] input) {
        return new String(Arrays.copyOf(input, Math.min(input.length, 300)), StandardCharsets.ISO_8859_1);
    }
}

package io.pekonode.codec.json;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Messages with awkward but valid content: IPv6, unicode, empty and binary values, tombstones, empty lists. */
final class Samples {

    static final Origin ORIGIN = new Origin("node-ä-1", new NodeAddress("fd00::1", 7946));
    static final NodeAddress IPV4 = new NodeAddress("10.0.0.2", 7946);
    static final NodeAddress HOSTNAME = new NodeAddress("peko-3.example.internal", 65535);

    static final Member ALIVE = new Member("id-2", "Zoë \"quoted\" \\ 名前 🚀", IPV4,
            Map.of("zone", "eu-1", "role", "", "ключ", "значение"), MemberState.ALIVE, 0);
    static final Member SUSPECT = new Member("id-3", "", HOSTNAME, Map.of(), MemberState.SUSPECT, Long.MAX_VALUE);
    static final Member DEAD = new Member("id-4", "n4", new NodeAddress("::ffff:10.0.0.4", 0), Map.of(),
            MemberState.DEAD, 17);
    static final Member LEFT = new Member("id-5", "n5\n\t\u0000", new NodeAddress("2001:db8::5", 1), Map.of("k", "v"),
            MemberState.LEFT, -1);

    static final HlcTimestamp HLC = new HlcTimestamp(1_732_190_000_123L, 7, "id-2");
    static final HlcTimestamp HLC_MAX = new HlcTimestamp(Long.MAX_VALUE, Integer.MAX_VALUE, "z");

    static final MetadataEntry BINARY = new MetadataEntry("bin/ä", allBytes(), HLC);
    static final MetadataEntry EMPTY_VALUE = new MetadataEntry("", new byte[0], HlcTimestamp.ZERO);
    static final MetadataEntry TOMBSTONE = MetadataEntry.tombstone("gone", HLC_MAX);
    static final MetadataEntry TEXT = new MetadataEntry("config", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), HLC);

    static final List<Rumor> RUMORS = List.of(
            new MemberRumor(ALIVE, "id-2"),
            new MemberRumor(SUSPECT, "node-ä-1"),
            new MemberRumor(DEAD, ""),
            new MemberRumor(LEFT, "id-5"),
            new MetadataRumor(BINARY),
            new MetadataRumor(EMPTY_VALUE),
            new MetadataRumor(TOMBSTONE),
            new UserEventRumor("node-ä-1", 5, "deploy 🚀", allBytes(), true),
            new UserEventRumor("id-2", Long.MAX_VALUE, "", new byte[0], false),
            new QueryRumor(ORIGIN, 9, "load", "{\"q\":1}".getBytes(StandardCharsets.UTF_8),
                    Map.of("zone", "eu-.*", "role", "web|db"), List.of("id-2", "id-3"), 5_000, true),
            new QueryRumor(new Origin("id-3", HOSTNAME), Long.MIN_VALUE, "", new byte[0], Map.of(), List.of(), 0,
                    false));

    static final MetadataDigest DIGEST = new MetadataDigest(0x8f3a_0000_dead_beefL,
            List.of(new KeyVersion("config", HLC), new KeyVersion("", HLC_MAX), new KeyVersion("gone", HlcTimestamp.ZERO)));

    private Samples() {
    }

    /** One message of every type, most with rumors, members or entries. */
    static List<WireMessage> everyType() {
        return List.of(
                new Ping(ORIGIN, 42, "id-2", RUMORS),
                new IndirectPing(ORIGIN, Long.MIN_VALUE, "id-3", HOSTNAME, true, RUMORS),
                new Ack(ORIGIN, Long.MAX_VALUE, RUMORS),
                new Nack(ORIGIN, 0),
                new Gossip(ORIGIN, RUMORS),
                new SyncRequest(ORIGIN, true, List.of(ALIVE, SUSPECT, DEAD, LEFT), DIGEST),
                new SyncResponse(ORIGIN, List.of(ALIVE, LEFT), List.of(BINARY, EMPTY_VALUE, TOMBSTONE, TEXT),
                        List.of("config", "", "ü")),
                new MetadataPush(ORIGIN, List.of(TEXT, TOMBSTONE)),
                new DirectMessage(ORIGIN, 77, "svc/echo ü", allBytes(), true),
                new DirectReply(ORIGIN, 77, DirectReply.Status.OK, allBytes(), ""),
                new DirectReply(ORIGIN, -78, DirectReply.Status.HANDLER_FAILED, new byte[0],
                        "java.lang.IllegalStateException: \"boom\" ü\n\tat x"),
                new QueryReply(ORIGIN, 9, false, TEXT.value()));
    }

    /** Messages whose lists and payloads are all empty, and the nullable fields set to null. */
    static List<WireMessage> emptyAndNull() {
        return List.of(
                new Ping(ORIGIN, 1, null, List.of()),
                new IndirectPing(ORIGIN, 2, null, IPV4, false, List.of()),
                new Ack(ORIGIN, 3, List.of()),
                new Gossip(ORIGIN, List.of()),
                new SyncRequest(ORIGIN, false, List.of(), MetadataDigest.EMPTY),
                new SyncResponse(ORIGIN, List.of(), List.of(), List.of()),
                new MetadataPush(ORIGIN, List.of()),
                new Gossip(ORIGIN, List.of(new UserEventRumor("", 0, "", new byte[0], false),
                        new QueryRumor(ORIGIN, 0, "", new byte[0], Map.of(), List.of(), 0, false))),
                new DirectMessage(ORIGIN, 0, "", new byte[0], false),
                new DirectReply(ORIGIN, 0, DirectReply.Status.NO_HANDLER, new byte[0], ""),
                new QueryReply(ORIGIN, 0, true, new byte[0]));
    }

    static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}

package io.pekonode.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Documents what fits in a 1400-byte UDP packet. The engine fills packets by JSON size (its
 * estimates bound the JSON), so these are sizes of the JSON; a packet over
 * {@link JsonCodec#COMPRESS_ABOVE} bytes then travels compressed, smaller still. A typical member
 * rumor (name {@code node-N}, an IPv4 address, one tag, member and reporter ids) costs 105 bytes
 * plus twice the id length, and a Ping's own fields about 35 bytes plus three ids:
 * <ul>
 *   <li>22-character ids (128 random bits in base64url): 149 bytes a rumor; a Ping with 8 such
 *       rumors is 1,293 bytes;</li>
 *   <li>36-character UUID strings: 177 bytes a rumor, so only 7 fit.</li>
 * </ul>
 */
class PacketBudgetTest {

    private static final int PACKET_BUDGET = 1400;

    private final Codec codec = new JsonCodec(DecodeLimits.defaults());

    @Test
    void aPingWithEightTypicalMemberRumorsFitsInOnePacket() throws DecodeException {
        Ping ping = typicalPing(8, PacketBudgetTest::compactId);
        byte[] packet = codec.encode(ping);
        byte[] json = Zlib.json(packet);
        assertTrue(json.length <= PACKET_BUDGET, "8 rumors take " + json.length + " bytes");
        assertEquals(ping, codec.decode(packet));
        assertEquals(ping, codec.decode(json));
        // Compressed, the packet is well under half its JSON (measured: 1,293 bytes to about 270).
        assertTrue(Zlib.isCompressed(packet) && packet.length * 2 < json.length, packet.length + " bytes");
    }

    @Test
    void withUuidTextIdsSevenRumorsFit() {
        assertTrue(jsonLength(typicalPing(7, PacketBudgetTest::uuidId)) <= PACKET_BUDGET);
        assertTrue(jsonLength(typicalPing(8, PacketBudgetTest::uuidId)) > PACKET_BUDGET);
    }

    @Test
    void theDocumentedSizesHold() {
        assertEquals(149, rumorSize(PacketBudgetTest::compactId));
        assertEquals(177, rumorSize(PacketBudgetTest::uuidId));
        assertEquals(1293, jsonLength(typicalPing(8, PacketBudgetTest::compactId)));
    }

    @Test
    void theDocumentedUserEventSizeHolds() {
        for (int payloadBytes : new int[] {0, 1, 3, 100}) {
            for (boolean coalesce : new boolean[] {true, false}) {
                String originId = compactId(1);
                String name = "deploy-finished";
                long lamport = 123_456;
                UserEventRumor event = new UserEventRumor(originId, lamport, name, new byte[payloadBytes], coalesce);
                Origin origin = new Origin(originId, new NodeAddress("10.0.0.1", 7946));
                int withTwo = jsonLength(new Gossip(origin, List.of(event, event)));
                int withOne = jsonLength(new Gossip(origin, List.of(event)));
                int documented = 49 + originId.length() + Long.toString(lamport).length() + name.length()
                        + 4 * ((payloadBytes + 2) / 3) + (coalesce ? 0 : 1);
                assertEquals(documented, withTwo - withOne, payloadBytes + " bytes, coalesce " + coalesce);
            }
        }
    }

    private int rumorSize(IntFunction<String> ids) {
        return jsonLength(typicalPing(9, ids)) - jsonLength(typicalPing(8, ids));
    }

    private int jsonLength(WireMessage message) {
        return Zlib.json(codec.encode(message)).length;
    }

    /** A Ping from node 1 to node 2 carrying news, reported by node 1, about nodes 2, 3, ... */
    static Ping typicalPing(int rumorCount, IntFunction<String> ids) {
        List<Rumor> rumors = new ArrayList<>();
        for (int i = 0; i < rumorCount; i++) {
            int node = i + 2;
            Member member = new Member(ids.apply(node), "node-" + node, new NodeAddress("10.0.0." + node, 7946),
                    Map.of("zone", "eu-1"), MemberState.ALIVE, 3 + i);
            rumors.add(new MemberRumor(member, ids.apply(1)));
        }
        return new Ping(new Origin(ids.apply(1), new NodeAddress("10.0.0.1", 7946)), 123_456, ids.apply(2), rumors);
    }

    static String uuidId(int node) {
        return uuid(node).toString();
    }

    static String compactId(int node) {
        UUID uuid = uuid(node);
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static UUID uuid(int node) {
        return new UUID(0x5f0c2a9e_4b1d_4c3aL + node, 0x9a7e_2b6c_d1f0_0000L + node);
    }
}

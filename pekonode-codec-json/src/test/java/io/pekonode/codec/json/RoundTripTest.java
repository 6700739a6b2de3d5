package io.pekonode.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private final Codec codec = new JsonCodec(DecodeLimits.defaults());

    @Test
    void everyMessageTypeRoundTripsExactly() throws DecodeException {
        Set<Class<?>> seen = new HashSet<>();
        for (WireMessage message : Samples.everyType()) {
            assertEquals(message, codec.decode(codec.encode(message)), () -> "round trip of " + message);
            seen.add(message.getClass());
        }
        assertEquals(WireMessage.class.getPermittedSubclasses().length, seen.size(), "a sample of every message type");
    }

    @Test
    void everyRumorTypeRoundTripsExactly() throws DecodeException {
        Set<Class<?>> seen = new HashSet<>();
        for (Rumor rumor : Samples.RUMORS) {
            Gossip gossip = new Gossip(Samples.ORIGIN, List.of(rumor));
            assertEquals(gossip, codec.decode(codec.encode(gossip)), () -> "round trip of " + rumor);
            seen.add(rumor.getClass());
        }
        assertEquals(Rumor.class.getPermittedSubclasses().length, seen.size(), "a sample of every rumor type");
    }

    @Test
    void everyReplyStatusRoundTrips() throws DecodeException {
        for (DirectReply.Status status : DirectReply.Status.values()) {
            DirectReply reply = new DirectReply(Samples.ORIGIN, 5, status, new byte[] {1}, status.name());
            assertEquals(reply, codec.decode(codec.encode(reply)));
        }
    }

    @Test
    void aOneMebibyteDirectMessageAndReplyRoundTrip() throws DecodeException {
        byte[] payload = new byte[1 << 20];
        new Random(1).nextBytes(payload);
        DirectMessage message = new DirectMessage(Samples.ORIGIN, Long.MAX_VALUE, "blob", payload, true);
        byte[] encoded = codec.encode(message);
        assertTrue(encoded.length < JsonInput.base64Length(payload.length) + 200, "base64 plus a small header");
        DirectMessage decoded = (DirectMessage) codec.decode(encoded);
        assertArrayEquals(payload, decoded.payload());
        assertEquals(message, decoded);
        DirectReply reply = new DirectReply(Samples.ORIGIN, 1, DirectReply.Status.OK, payload, "");
        assertEquals(reply, codec.decode(codec.encode(reply)));
        QueryReply response = new QueryReply(Samples.ORIGIN, 1, false, payload);
        assertEquals(response, codec.decode(codec.encode(response)));
    }

    @Test
    void directPayloadsMayExceedTheValueLimitButRumorPayloadsMayNot() throws DecodeException {
        // Values are bounded at 64 bytes here, messages at 64 KiB.
        Codec small = new JsonCodec(new DecodeLimits(64 * 1024, 64, 64, 4, 8, 8, 8));
        byte[] payload = new byte[1000];
        DirectMessage message = new DirectMessage(Samples.ORIGIN, 1, "t", payload, false);
        assertEquals(message, small.decode(small.encode(message)));
        Gossip event = new Gossip(Samples.ORIGIN, List.of(new UserEventRumor("a", 1, "e", payload, false)));
        assertEquals(DecodeException.Reason.OVERSIZED,
                assertThrows(DecodeException.class,
                        () -> small.decode(small.encode(event))).reason());
        Gossip query = new Gossip(Samples.ORIGIN, List.of(
                new QueryRumor(Samples.ORIGIN, 1, "q", payload, Map.of(), List.of(), 1, false)));
        assertEquals(DecodeException.Reason.OVERSIZED,
                assertThrows(DecodeException.class,
                        () -> small.decode(small.encode(query))).reason());
    }

    @Test
    void aLongHandlerErrorIsCutToTheStringLimitNotRefused() throws DecodeException {
        int max = DecodeLimits.defaults().maxStringLength();
        String error = "x".repeat(max - 1) + "\ud83d\ude80" + "tail".repeat(1000);  // a surrogate pair at the cut
        DirectReply reply = new DirectReply(Samples.ORIGIN, 3, DirectReply.Status.HANDLER_FAILED, new byte[0], error);
        DirectReply decoded = (DirectReply) codec.decode(codec.encode(reply));
        assertEquals("x".repeat(max - 1), decoded.error(), "cut before the pair, never inside it");
        assertEquals(DirectReply.Status.HANDLER_FAILED, decoded.status());
    }

    @Test
    void messagingLayoutIsAsDocumented() {
        String message = new String(codec.encode(new DirectMessage(Samples.ORIGIN, 7, "echo", new byte[] {1, 2, 3}, true)),
                StandardCharsets.UTF_8);
        assertEquals("{\"v\":1,\"t\":\"msg\",\"o\":{\"id\":\"node-ä-1\",\"a\":\"[fd00::1]:7946\"},"
                + "\"rid\":7,\"tp\":\"echo\",\"p\":\"AQID\",\"rw\":true}", message);
        String event = new String(codec.encode(new Gossip(Samples.ORIGIN,
                List.of(new UserEventRumor("n1", 12, "deploy", new byte[] {'v', '2'}, true)))), StandardCharsets.UTF_8);
        assertTrue(event.endsWith("\"r\":[{\"t\":\"ev\",\"id\":\"n1\",\"lt\":12,\"n\":\"deploy\",\"p\":\"djI=\",\"co\":true}]}"),
                event);
    }

    @Test
    void emptyListsAndNullFieldsRoundTrip() throws DecodeException {
        for (WireMessage message : Samples.emptyAndNull()) {
            assertEquals(message, codec.decode(codec.encode(message)), () -> "round trip of " + message);
        }
    }

    @Test
    void valuesKeepTheirBytesAndTombstonesStayTombstones() throws DecodeException {
        Ping ping = (Ping) codec.decode(codec.encode(new Ping(Samples.ORIGIN, 1, "x", List.of(
                new MetadataRumor(Samples.BINARY), new MetadataRumor(Samples.EMPTY_VALUE),
                new MetadataRumor(Samples.TOMBSTONE)))));
        assertArrayEquals(Samples.BINARY.value(), ((MetadataRumor) ping.rumors().get(0)).entry().value());
        assertArrayEquals(new byte[0], ((MetadataRumor) ping.rumors().get(1)).entry().value());
        assertTrue(((MetadataRumor) ping.rumors().get(2)).entry().isTombstone());
    }

    @Test
    void versionAndTypeComeFirstAndIpv6IsBracketed() {
        String json = new String(Zlib.json(codec.encode(Samples.everyType().get(0))), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"v\":1,\"t\":\"ping\",\"o\":{\"id\":\"node-ä-1\",\"a\":\"[fd00::1]:7946\"}"), json);
        assertTrue(json.contains("\"val\":null"), "tombstones carry an explicit null value: " + json);
    }

    @Test
    void aLoneSurrogateFromAPeerSurvivesReencoding() throws DecodeException {
        byte[] data = ("{\"v\":1,\"t\":\"meta-push\",\"o\":{\"id\":\"\\ud800x\",\"a\":\"h:1\"},\"e\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        MetadataPush push = (MetadataPush) codec.decode(data);
        assertEquals("\ud800x", push.origin().nodeId());
        assertEquals(push, codec.decode(codec.encode(push)));
    }
}

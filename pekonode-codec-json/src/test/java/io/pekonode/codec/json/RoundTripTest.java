package io.pekonode.codec.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.wire.MetadataPush;
import io.pekonode.api.wire.MetadataRumor;
import io.pekonode.api.wire.Ping;
import io.pekonode.api.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
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
        String json = new String(codec.encode(Samples.everyType().get(0)), StandardCharsets.UTF_8);
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

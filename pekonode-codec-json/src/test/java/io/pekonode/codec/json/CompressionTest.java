package io.pekonode.codec.json;

import static io.pekonode.api.spi.codec.DecodeException.Reason.MALFORMED;
import static io.pekonode.api.spi.codec.DecodeException.Reason.OVERSIZED;
import static io.pekonode.api.spi.codec.DecodeException.Reason.TRUNCATED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeException.Reason;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.WireMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Encodings over {@link JsonCodec#COMPRESS_ABOVE} bytes travel as zlib streams, told apart from JSON
 * by their first byte; inflating is part of the trust boundary.
 */
class CompressionTest {

    private static final DecodeLimits ONE_MIB = new DecodeLimits(1 << 20, 1024, 64 * 1024, 64, 100_000, 1024, 100_000);

    private final Codec codec = new JsonCodec(DecodeLimits.defaults());

    @Test
    void aHundredMemberStateExchangeRoundTripsAtUnderAThirdOfItsJson() throws DecodeException {
        List<Member> members = realisticMembers(100);
        Origin origin = new Origin(members.get(0).id(), members.get(0).address());
        MetadataDigest digest = new MetadataDigest(0x0123_4567_89ab_cdefL, List.of(
                new KeyVersion("config/app", new HlcTimestamp(1_732_190_000_123L, 0, members.get(3).id()))));
        List<MetadataEntry> entries = List.of(new MetadataEntry("config/app", "{\"replicas\":3}".getBytes(StandardCharsets.UTF_8),
                new HlcTimestamp(1_732_190_000_123L, 0, members.get(3).id())));
        // Measured: 25 % for the request, about the same for the response (UUID ids are most of what is left).
        for (WireMessage message : List.of(new SyncRequest(origin, false, members, digest),
                new SyncResponse(origin, members, entries, List.of("config/db")))) {
            byte[] encoded = codec.encode(message);
            byte[] json = Zlib.json(encoded);
            String what = message.getClass().getSimpleName() + ": " + encoded.length + " of " + json.length + " bytes";
            assertTrue(Zlib.isCompressed(encoded), what);
            assertEquals('{', json[0], what);
            assertTrue(json.length > 100 * 120, what);
            assertTrue(encoded.length * 100L < json.length * 33L, what);
            assertEquals(message, codec.decode(encoded), what);
            assertEquals(message, codec.decode(json), "the plain JSON is still accepted: " + what);
        }
    }

    @Test
    void aSmallPingStaysPlainJson() {
        List<Member> members = realisticMembers(2);
        Ping ping = new Ping(new Origin(members.get(0).id(), members.get(0).address()), 42, members.get(1).id(), List.of());
        byte[] encoded = codec.encode(ping);
        assertEquals('{', encoded[0]);
        assertTrue(new String(encoded, StandardCharsets.UTF_8).startsWith("{\"v\":1,\"t\":\"ping\","));
    }

    @Test
    void theThresholdIsExact() throws DecodeException {
        Origin origin = new Origin("n1", new NodeAddress("10.0.0.1", 7946));
        int base = codec.encode(event(origin, "")).length;
        // A name of repeated letters compresses well, so only the threshold decides.
        Gossip atThreshold = event(origin, "a".repeat(JsonCodec.COMPRESS_ABOVE - base));
        Gossip overThreshold = event(origin, "a".repeat(JsonCodec.COMPRESS_ABOVE - base + 1));
        byte[] at = codec.encode(atThreshold);
        assertEquals(JsonCodec.COMPRESS_ABOVE, at.length);
        assertEquals('{', at[0]);
        byte[] over = codec.encode(overThreshold);
        assertTrue(Zlib.isCompressed(over));
        assertEquals(JsonCodec.COMPRESS_ABOVE + 1, Zlib.json(over).length);
        assertTrue(over.length < 200, over.length + " bytes");
        assertEquals(overThreshold, codec.decode(over));
    }

    @Test
    void dataThatDoesNotShrinkIsSentAsItIs() {
        byte[] noise = new byte[2000];
        new Random(5).nextBytes(noise);
        assertSame(noise, JsonCodec.deflateIfSmaller(noise));
        byte[] text = "{\"a\":1}".repeat(100).getBytes(StandardCharsets.UTF_8);
        assertTrue(JsonCodec.deflateIfSmaller(text).length < text.length / 4);
    }

    @Test
    void aPeerMayCompressEvenASmallMessage() throws DecodeException {
        Ping ping = new Ping(Samples.ORIGIN, 1, null, List.of());
        assertEquals(ping, codec.decode(Zlib.deflate(codec.encode(ping))));
    }

    @Test
    void aDecompressionBombIsRefusedAsOversized() {
        byte[] bomb = Zlib.deflate(new byte[50 * 1024 * 1024]);
        assertTrue(bomb.length < ONE_MIB.maxMessageBytes(), "the bomb itself is under the limit: " + bomb.length);
        DecodeException e = assertThrows(DecodeException.class, () -> new JsonCodec(ONE_MIB).decode(bomb));
        assertEquals(OVERSIZED, e.reason(), e::getMessage);
        assertTrue(e.getMessage().contains("inflated") && e.getMessage().contains("over the limit"), e::getMessage);
    }

    /**
     * A 2.3 MB frame that would inflate to 2.2 GiB, more than a Java array holds: an implementation
     * that inflates first and checks after fails with an error here, not with a DecodeException.
     */
    @Test
    void aBombLargerThanAnyArrayIsRefusedAtTheLimit() {
        byte[] bomb = endlessZeros(2200);
        assertTrue(bomb.length < DecodeLimits.defaults().maxMessageBytes(), bomb.length + " bytes");
        DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(bomb));
        assertEquals(OVERSIZED, e.reason(), e::getMessage);
    }

    @Test
    void anInflatedMessageMayFillTheLimitExactly() throws DecodeException {
        DecodeLimits limits = new DecodeLimits(4096, 64, 64, 4, 8, 8, 8);
        Codec small = new JsonCodec(limits);
        Ping ping = new Ping(Samples.ORIGIN, 1, null, List.of());
        byte[] json = codec.encode(ping);
        byte[] full = Arrays.copyOf(json, limits.maxMessageBytes());
        Arrays.fill(full, json.length, full.length, (byte) ' ');  // trailing whitespace is allowed
        assertEquals(ping, small.decode(Zlib.deflate(full)));
        byte[] over = Arrays.copyOf(full, full.length + 1);
        over[full.length] = ' ';
        assertEquals(OVERSIZED, assertThrows(DecodeException.class, () -> small.decode(Zlib.deflate(over))).reason());
    }

    @Test
    void everyTruncationOfACompressedMessageIsReportedAsTruncated() {
        byte[] full = codec.encode(hundredMemberSync());
        assertTrue(Zlib.isCompressed(full));
        for (int length = 1; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(prefix), "prefix of " + length);
            assertEquals(TRUNCATED, e.reason(), "prefix of " + length + ": " + e.getMessage());
        }
    }

    @Test
    void corruptedCompressedDataIsRefused() throws DecodeException {
        SyncRequest message = hundredMemberSync();
        byte[] full = codec.encode(message);
        // A wrong checksum at the end (Adler-32 of the inflated bytes).
        byte[] badChecksum = full.clone();
        badChecksum[full.length - 1] ^= 1;
        assertReason(MALFORMED, badChecksum);
        // Bytes after the end of the stream.
        byte[] trailing = Arrays.copyOf(full, full.length + 1);
        assertReason(MALFORMED, trailing);
        // A flipped bit anywhere is refused as malformed or truncated, never anything else; or, where it
        // only touches the unused bits after the last code, changes nothing (the checksum covers the output).
        int unchanged = 0;
        for (int at = 1; at < full.length; at++) {
            for (int bit : new int[] {0, 3, 7}) {
                byte[] flipped = full.clone();
                flipped[at] ^= (byte) (1 << bit);
                try {
                    assertEquals(message, codec.decode(flipped), "bit " + bit + " at " + at);
                    unchanged++;
                } catch (DecodeException e) {
                    assertTrue(e.reason() == MALFORMED || e.reason() == TRUNCATED, e + " for bit " + bit + " at " + at);
                }
            }
        }
        assertTrue(unchanged <= 3, unchanged + " flips changed nothing");
    }

    @Test
    void inputStartingLikeZlibThatIsNotIsRefused() {
        assertReason(TRUNCATED, new byte[] {0x78});
        assertReason(MALFORMED, "x{\"v\":1}".getBytes(StandardCharsets.US_ASCII));  // fails the header check
        assertReason(MALFORMED, new byte[] {0x78, (byte) 0xBB, 0, 0, 0, 1, 0x4b, 0x04, 0});  // wants a preset dictionary
        assertReason(MALFORMED, new byte[] {0x78, (byte) 0x9C, (byte) 0xFF, (byte) 0xFF, 0, 0});  // invalid block type
        assertReason(MALFORMED, Zlib.deflate("not json".getBytes(StandardCharsets.US_ASCII)));
        // Compressed twice: what inflates must be JSON, not another zlib stream.
        assertReason(MALFORMED, Zlib.deflate(codec.encode(hundredMemberSync())));
        Random random = new Random(78);
        for (int i = 0; i < 3000; i++) {
            byte[] data = new byte[1 + random.nextInt(300)];
            random.nextBytes(data);
            data[0] = 0x78;
            if (i % 2 == 0 && data.length > 1) {
                data[1] = (byte) 0x9C;  // a valid header, so the noise reaches the deflate decoder
            }
            try {
                codec.decode(data);
            } catch (DecodeException expected) {
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("random zlib-like input #" + i + " escaped as " + e, e);
            }
        }
    }

    @Test
    void encodingAndDecodingAreSafeFromManyThreads() throws Exception {
        SyncRequest message = hundredMemberSync();
        byte[] expected = codec.encode(message);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        assertArrayEquals(expected, codec.encode(message));
                        assertEquals(message, codec.decode(expected));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertReason(Reason expected, byte[] data) {
        DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(data));
        assertEquals(expected, e.reason(), e::getMessage);
    }

    private static Gossip event(Origin origin, String name) {
        return new Gossip(origin, List.of(new UserEventRumor("n1", 1, name, new byte[0], false)));
    }

    static SyncRequest hundredMemberSync() {
        List<Member> members = realisticMembers(100);
        return new SyncRequest(new Origin(members.get(0).id(), members.get(0).address()), false, members,
                MetadataDigest.EMPTY);
    }

    /** Members as a local test cluster has them: UUID ids, one host with many ports, two tags. */
    static List<Member> realisticMembers(int count) {
        Random random = new Random(100);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            members.add(new Member(id, "node-" + i, new NodeAddress("127.0.0.1", 7946 + i),
                    Map.of("zone", "eu-" + (i % 3), "role", i % 2 == 0 ? "web" : "db"),
                    i % 10 == 9 ? MemberState.SUSPECT : MemberState.ALIVE, random.nextInt(5)));
        }
        return members;
    }

    /**
     * A zlib stream of zeros that goes on for {@code mebibytes} MiB and never ends: one raw deflate
     * chunk of a MiB of zeros, flushed to a byte boundary, repeated (every back reference inside it
     * points at zeros, so each copy stays valid).
     */
    private static byte[] endlessZeros(int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] chunk;
        try {
            deflater.setInput(new byte[1 << 20]);
            byte[] buffer = new byte[64 * 1024];
            int size = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            assertTrue(size < buffer.length && deflater.needsInput(), "one flush holds the chunk");
            chunk = Arrays.copyOf(buffer, size);
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xDA);
        for (int i = 0; i < mebibytes; i++) {
            out.write(chunk, 0, chunk.length);
        }
        assertFalse(out.size() > 4 * 1024 * 1024, "bomb of " + out.size() + " bytes");
        return out.toByteArray();
    }
}

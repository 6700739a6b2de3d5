package io.pekonode.engine.frame.fuzz;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.engine.frame.ChecksumFrames;
import io.pekonode.engine.frame.SealedFrames;
import io.pekonode.engine.persistence.PersistedState;
import io.pekonode.engine.security.ClusterKey;
import io.pekonode.engine.security.Keyring;
import io.pekonode.engine.security.WireSecurity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Fixed keys, a fixed wall clock and valid frames and state files, shared by the fuzz tests and
 * {@link SeedWriter}. Everything is deterministic, so a committed seed keeps opening forever and a
 * finding reproduces.
 */
final class FrameFuzzSamples {

    /** The wall clock of every protector here; seeds are sealed at this instant, so they are inside the replay window. */
    static final long NOW_MILLIS = 1_700_000_000_000L;
    static final String LABEL = "fuzz-lab";
    /** Primary key (seals the seeds) and a second accepted key, both from fixed material. */
    static final Keyring KEYRING = Keyring.of(ClusterKey.of(material(1, 32)), ClusterKey.of(material(101, 16)));

    /** Payloads the seeds carry; the only plaintexts that may come out of a sealed frame. */
    static final List<byte[]> PAYLOADS = List.of(
            new byte[0],
            "{\"v\":1,\"t\":\"ping\",\"o\":{\"id\":\"n1\",\"a\":\"10.0.0.1:7946\"},\"s\":42,\"r\":[]}".getBytes(StandardCharsets.UTF_8),
            new byte[] {0, 1, 2, (byte) 0xff, 'P', 'N', 2, 1});

    // StateFormat is package-private (the file format is not API); tests in the engine's module may still reach it.
    private static final MethodHandle STATE_DECODE;
    private static final MethodHandle STATE_ENCODE;

    static {
        try {
            Class<?> format = Class.forName("io.pekonode.engine.persistence.StateFormat");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(format, MethodHandles.lookup());
            STATE_DECODE = lookup.findStatic(format, "decode", MethodType.methodType(PersistedState.class, byte[].class));
            STATE_ENCODE = lookup.findStatic(format, "encode", MethodType.methodType(byte[].class, PersistedState.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FrameFuzzSamples() {
    }

    private static byte[] material(int first, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    /**
     * A fresh protector per input (so the replay cache does not make one input's outcome depend on
     * the ones before it), with the label; {@code strict} refuses plaintext, otherwise it is in the
     * encryption transition and accepts checksummed plaintext too.
     */
    static SealedFrames sealed(boolean strict) {
        WireSecurity security = WireSecurity.builder(KEYRING).label(LABEL).requireEncryptedIncoming(strict).build();
        return new SealedFrames(security, () -> NOW_MILLIS);
    }

    static List<byte[]> checksumFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] p : PAYLOADS) {
            frames.add(new ChecksumFrames().seal(p));
        }
        return frames;
    }

    static List<byte[]> sealedFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (byte[] p : PAYLOADS) {
            frames.add(sealed(true).seal(p));
        }
        return frames;
    }

    static boolean isSealedPayload(byte[] payload) {
        return PAYLOADS.stream().anyMatch(p -> Arrays.equals(p, payload));
    }

    /** A state using every field and variant of the file format. */
    static PersistedState state() {
        List<Member> members = List.of(
                new Member("n1", "self", new NodeAddress("10.0.0.1", 7946), Map.of("role", "db"), MemberState.ALIVE, 7),
                new Member("n2", "δέλτα", new NodeAddress("fd00::2", 7000), Map.of(), MemberState.SUSPECT, 3),
                new Member("n3", "", new NodeAddress("host.example", 65535), Map.of("k", ""), MemberState.DEAD, 0),
                new Member("n4", "left", new NodeAddress("10.0.0.4", 1), Map.of(), MemberState.LEFT, Long.MAX_VALUE));
        List<MetadataEntry> metadata = List.of(
                new MetadataEntry("config/leader", "n1".getBytes(StandardCharsets.UTF_8), new HlcTimestamp(1_700_000_000_123L, 4, "n2")),
                new MetadataEntry("binary", new byte[] {0, -1, 127}, new HlcTimestamp(5, Integer.MAX_VALUE, "n3")),
                MetadataEntry.tombstone("removed", new HlcTimestamp(1_700_000_000_999L, 0, "n4")));
        return new PersistedState("n1", 7, members, metadata);
    }

    /** A one-member state with no metadata: a short seed. */
    static PersistedState smallState() {
        return new PersistedState("a", 0, List.of(new Member("a", "a", new NodeAddress("127.0.0.1", 1), Map.of(),
                MemberState.ALIVE, 0)), List.of());
    }

    /** {@code StateFormat.decode}: its only documented failure is {@link io.pekonode.engine.persistence.StateFormatException}. */
    static PersistedState decodeState(byte[] file) throws Exception {
        try {
            return (PersistedState) STATE_DECODE.invokeExact(file);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    static byte[] encodeState(PersistedState state) {
        try {
            return (byte[]) STATE_ENCODE.invokeExact(state);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A state file around {@code body}: correct magic, version, length and checksum, so decoding reaches the body parser. */
    static byte[] stateFileAround(byte[] body) {
        byte[] file = new byte[10 + body.length + 4];
        ByteBuffer buf = ByteBuffer.wrap(file);
        buf.putInt(0x504B4E53).putShort((short) 1).putInt(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        buf.putInt((int) crc.getValue());
        return file;
    }

    /** The body of an encoded state file (without its 10-byte header and 4-byte checksum). */
    static byte[] bodyOf(byte[] file) {
        return Arrays.copyOfRange(file, 10, file.length - 4);
    }

    static String show(byte[] input) {
        return input.length + " bytes " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
    }
}

package io.pekonode.engine.persistence;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MetadataEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the state file (layout in {@code package-info}). Decoding is strict: any
 * byte out of place gives a {@link StateFormatException}, never a partly filled state.
 */
final class StateFormat {

    static final int MAGIC = 0x504B4E53; // "PKNS"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 10;
    static final int TRAILER_BYTES = 4;
    /** Far above any real state; a larger length field is damage, not data. */
    static final int MAX_BODY_BYTES = 256 << 20;

    /** Member state codes of the file, fixed here so reordering the enum cannot change the format. */
    private static final MemberState[] STATES = {MemberState.ALIVE, MemberState.SUSPECT, MemberState.DEAD, MemberState.LEFT};

    private StateFormat() {
    }

    private static int stateCode(MemberState state) {
        for (int i = 0; i < STATES.length; i++) {
            if (STATES[i] == state) {
                return i;
            }
        }
        throw new IllegalArgumentException("no file code for member state " + state);
    }

    static byte[] encode(PersistedState state) {
        try {
            ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
            DataOutputStream body = new DataOutputStream(bodyBytes);
            writeString(body, state.nodeId());
            body.writeLong(state.incarnation());
            body.writeInt(state.members().size());
            for (Member m : state.members()) {
                writeString(body, m.id());
                writeString(body, m.name());
                writeString(body, m.address().host());
                body.writeInt(m.address().port());
                body.writeInt(m.tags().size());
                for (Map.Entry<String, String> tag : m.tags().entrySet()) {
                    writeString(body, tag.getKey());
                    writeString(body, tag.getValue());
                }
                body.writeByte(stateCode(m.state()));
                body.writeLong(m.incarnation());
            }
            body.writeInt(state.metadata().size());
            for (MetadataEntry e : state.metadata()) {
                writeString(body, e.key());
                if (e.isTombstone()) {
                    body.writeByte(0);
                } else {
                    body.writeByte(1);
                    body.writeInt(e.value().length);
                    body.write(e.value());
                }
                body.writeLong(e.version().physicalMillis());
                body.writeInt(e.version().logical());
                writeString(body, e.version().nodeId());
            }
            body.flush();

            ByteArrayOutputStream fileBytes = new ByteArrayOutputStream(bodyBytes.size() + HEADER_BYTES + TRAILER_BYTES);
            DataOutputStream file = new DataOutputStream(fileBytes);
            file.writeInt(MAGIC);
            file.writeShort(VERSION);
            file.writeInt(bodyBytes.size());
            bodyBytes.writeTo(file);
            file.flush();
            CRC32C crc = new CRC32C();
            crc.update(fileBytes.toByteArray());
            file.writeInt((int) crc.getValue());
            file.flush();
            return fileBytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
    }

    /**
     * @throws StateFormatException when the bytes are not a complete, intact state file of a known version
     */
    static PersistedState decode(byte[] file) throws StateFormatException {
        if (file.length < HEADER_BYTES + TRAILER_BYTES) {
            throw new StateFormatException("state file too short (" + file.length + " bytes): truncated");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        if (in.getInt() != MAGIC) {
            throw new StateFormatException("not a PekoNode state file (bad magic)");
        }
        int version = Short.toUnsignedInt(in.getShort());
        long bodyLength = Integer.toUnsignedLong(in.getInt());
        if (bodyLength > MAX_BODY_BYTES || HEADER_BYTES + bodyLength + TRAILER_BYTES != file.length) {
            throw new StateFormatException("state file length " + file.length + " does not match its header ("
                    + bodyLength + "-byte body): truncated or damaged");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - TRAILER_BYTES);
        int stored = ByteBuffer.wrap(file, file.length - TRAILER_BYTES, TRAILER_BYTES).getInt();
        if ((int) crc.getValue() != stored) {
            throw new StateFormatException("state file checksum mismatch: damaged");
        }
        if (version > VERSION) {
            throw new StateFormatException("state file has format version " + version
                    + ", newer than this PekoNode reads (" + VERSION + ")", true);
        }
        if (version < 1) {
            throw new StateFormatException("state file has unknown format version " + version);
        }
        ByteBuffer body = ByteBuffer.wrap(file, HEADER_BYTES, (int) bodyLength).slice();
        try {
            PersistedState state = decodeV1(body);
            if (body.hasRemaining()) {
                throw new StateFormatException("state file body has " + body.remaining() + " unexpected trailing bytes");
            }
            return state;
        } catch (BufferUnderflowException e) {
            throw new StateFormatException("state file body ends early");
        } catch (IllegalArgumentException | NullPointerException e) {
            // A record constructor refused a value (an address out of range, a negative clock...).
            throw new StateFormatException("state file body holds an invalid value: " + e.getMessage());
        }
    }

    private static PersistedState decodeV1(ByteBuffer in) throws StateFormatException {
        String nodeId = readString(in);
        long incarnation = in.getLong();
        int memberCount = count(in);
        List<Member> members = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            String id = readString(in);
            String name = readString(in);
            String host = readString(in);
            int port = in.getInt();
            int tagCount = count(in);
            Map<String, String> tags = new LinkedHashMap<>();
            for (int t = 0; t < tagCount; t++) {
                tags.put(readString(in), readString(in));
            }
            int stateCode = Byte.toUnsignedInt(in.get());
            if (stateCode >= STATES.length) {
                throw new StateFormatException("unknown member state code " + stateCode);
            }
            members.add(new Member(id, name, new NodeAddress(host, port), tags, STATES[stateCode],
                    in.getLong()));
        }
        int entryCount = count(in);
        List<MetadataEntry> entries = new ArrayList<>(entryCount);
        for (int i = 0; i < entryCount; i++) {
            String key = readString(in);
            int kind = Byte.toUnsignedInt(in.get());
            byte[] value;
            if (kind == 0) {
                value = null;
            } else if (kind == 1) {
                value = new byte[length(in)];
                in.get(value);
            } else {
                throw new StateFormatException("unknown metadata entry kind " + kind);
            }
            HlcTimestamp version = new HlcTimestamp(in.getLong(), in.getInt(), readString(in));
            entries.add(new MetadataEntry(key, value, version));
        }
        return new PersistedState(nodeId, incarnation, members, entries);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in) throws StateFormatException {
        byte[] bytes = new byte[length(in)];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StateFormatException("state file holds a string that is not UTF-8");
        }
    }

    /** A byte length that must fit in what is left, checked before anything is allocated. */
    private static int length(ByteBuffer in) throws StateFormatException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new StateFormatException("length " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        return n;
    }

    /** An element count; every element takes at least one byte, so a count above what is left is damage. */
    private static int count(ByteBuffer in) throws StateFormatException {
        return length(in);
    }
}

package io.pekonode.consensus.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link WireWriter} wrote, refusing anything out of bounds: every length is checked against
 * both its field's limit and the bytes that remain, so a forged length can never make it allocate more
 * than the input holds.
 */
public final class WireReader {

    private final byte[] data;
    private int position;
    private final int limit;

    public WireReader(byte[] data) {
        this(data, 0, data.length);
    }

    public WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    public int remaining() {
        return limit - position;
    }

    public int readByte() throws MalformedMessageException {
        if (position >= limit) {
            throw new MalformedMessageException("truncated: expected another byte");
        }
        return data[position++] & 0xFF;
    }

    public boolean readBoolean() throws MalformedMessageException {
        int b = readByte();
        if (b > 1) {
            throw new MalformedMessageException("bad boolean " + b);
        }
        return b == 1;
    }

    public long readVarLong() throws MalformedMessageException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            if (shift == 63 && (b & 0xFE) != 0) {
                throw new MalformedMessageException("varint overflows 63 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new MalformedMessageException("varint longer than 10 bytes");
    }

    /** A varint in {@code [0, max]}. */
    public long readVarLong(long max, String what) throws MalformedMessageException {
        long value = readVarLong();
        if (value > max) {
            throw new MalformedMessageException(what + " " + value + " is over " + max);
        }
        return value;
    }

    public int readVarInt(int max, String what) throws MalformedMessageException {
        return (int) readVarLong(max, what);
    }

    /** A count of items that take at least one byte each, so it cannot exceed what remains. */
    public int readCount(int max, String what) throws MalformedMessageException {
        int count = readVarInt(max, what);
        if (count > remaining()) {
            throw new MalformedMessageException(what + " " + count + " exceeds the " + remaining() + " bytes left");
        }
        return count;
    }

    public byte[] readBytes(int max, String what) throws MalformedMessageException {
        int length = readVarInt(max, what + " length");
        if (length > remaining()) {
            throw new MalformedMessageException(what + " of " + length + " bytes exceeds the " + remaining() + " left");
        }
        byte[] out = new byte[length];
        System.arraycopy(data, position, out, 0, length);
        position += length;
        return out;
    }

    /** A UTF-8 string of at most {@code maxChars} characters; malformed UTF-8 is refused. */
    public String readString(int maxChars, String what) throws MalformedMessageException {
        byte[] utf8 = readBytes(maxChars * 4, what);
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(what + " is not valid UTF-8");
        }
        if (s.length() > maxChars) {
            throw new MalformedMessageException(what + " has " + s.length() + " characters, over " + maxChars);
        }
        return s;
    }

    public int readInt32() throws MalformedMessageException {
        if (remaining() < 4) {
            throw new MalformedMessageException("truncated: expected 4 bytes");
        }
        int v = ((data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16) | ((data[position + 2] & 0xFF) << 8)
                | (data[position + 3] & 0xFF);
        position += 4;
        return v;
    }

    public void expectEnd(String what) throws MalformedMessageException {
        if (position != limit) {
            throw new MalformedMessageException(what + " has " + remaining() + " trailing bytes");
        }
    }
}

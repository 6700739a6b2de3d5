package io.pekonode.consensus.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends primitive fields to a growing byte array: unsigned LEB128 varints, length-prefixed strings and bytes. */
public final class WireWriter {

    private byte[] buffer;
    private int size;

    public WireWriter() {
        this(64);
    }

    public WireWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    public WireWriter writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
        return this;
    }

    public WireWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    /** A non-negative long as an unsigned varint (1 byte below 128). */
    public WireWriter writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value on the wire: " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public WireWriter writeBytes(byte[] bytes) {
        writeVarLong(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Raw bytes without a length prefix. */
    public WireWriter writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    public WireWriter writeInt32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}

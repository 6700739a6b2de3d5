package io.pekonode.discovery.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The little of the DNS wire format (RFC 1035, RFC 2782 for SRV, RFC 3596 for AAAA) that seed
 * discovery needs: one question out, the answer and additional records back, with their TTLs.
 */
final class DnsMessage {

    static final int TYPE_A = 1;
    static final int TYPE_CNAME = 5;
    static final int TYPE_AAAA = 28;
    static final int TYPE_SRV = 33;
    private static final int CLASS_IN = 1;
    static final int RCODE_OK = 0;
    static final int RCODE_NXDOMAIN = 3;
    /** Compression pointers followed per name at most, so a malicious loop cannot spin. */
    private static final int MAX_POINTERS = 32;

    /** One resource record; {@code address} for A/AAAA, {@code target} and {@code port} for SRV. */
    record Record(String name, int type, long ttlSeconds, InetAddress address, String target, int port, int priority) {
    }

    /** A parsed response. */
    record Response(int id, boolean truncated, int rcode, List<Record> answers, List<Record> additional) {
    }

    private DnsMessage() {
    }

    static byte[] query(int id, String name, int type) {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) id);
        b.putShort((short) 0x0100); // standard query, recursion desired
        b.putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        for (String label : trimDot(name).split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            b.put((byte) bytes.length).put(bytes);
        }
        b.put((byte) 0);
        b.putShort((short) type).putShort((short) CLASS_IN);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed response */
    static Response parse(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        try {
            int id = b.getShort() & 0xFFFF;
            int flags = b.getShort() & 0xFFFF;
            if ((flags & 0x8000) == 0) {
                throw new IllegalArgumentException("not a response");
            }
            int questions = b.getShort() & 0xFFFF;
            int answers = b.getShort() & 0xFFFF;
            int authority = b.getShort() & 0xFFFF;
            int additional = b.getShort() & 0xFFFF;
            for (int i = 0; i < questions; i++) {
                readName(b);
                b.position(b.position() + 4);
            }
            List<Record> answerRecords = readRecords(b, answers);
            readRecords(b, authority);
            List<Record> additionalRecords;
            try {
                additionalRecords = readRecords(b, additional);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                additionalRecords = List.of(); // cut short (truncated); the answers are what counts
            }
            return new Response(id, (flags & 0x0200) != 0, flags & 0x000F, answerRecords, additionalRecords);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("response cut short", e);
        }
    }

    private static List<Record> readRecords(ByteBuffer b, int count) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = readName(b);
            int type = b.getShort() & 0xFFFF;
            b.getShort(); // class
            long ttl = b.getInt() & 0xFFFFFFFFL;
            int rdLength = b.getShort() & 0xFFFF;
            int end = b.position() + rdLength;
            if (end > b.limit()) {
                throw new IllegalArgumentException("record data beyond the end of the response");
            }
            switch (type) {
                case TYPE_A, TYPE_AAAA -> {
                    byte[] raw = new byte[rdLength];
                    b.get(raw);
                    if (rdLength == 4 || rdLength == 16) {
                        records.add(new Record(name, type, ttl, address(raw), null, 0, 0));
                    }
                }
                case TYPE_SRV -> {
                    int priority = b.getShort() & 0xFFFF;
                    b.getShort(); // weight: every target is tried anyway
                    int port = b.getShort() & 0xFFFF;
                    String target = readName(b);
                    records.add(new Record(name, type, ttl, null, target, port, priority));
                }
                default -> {
                }
            }
            b.position(end);
        }
        return records;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // only for a wrong length, checked before
        }
    }

    /** A possibly compressed name, lower case, without the final dot. */
    private static String readName(ByteBuffer b) {
        StringBuilder name = new StringBuilder();
        int position = b.position();
        int resumeAt = -1;
        for (int pointers = 0; ; ) {
            int length = b.get(position) & 0xFF;
            if (length == 0) {
                position++;
                break;
            }
            if ((length & 0xC0) == 0xC0) {
                if (++pointers > MAX_POINTERS) {
                    throw new IllegalArgumentException("name compression loop");
                }
                int target = ((length & 0x3F) << 8) | (b.get(position + 1) & 0xFF);
                if (resumeAt < 0) {
                    resumeAt = position + 2;
                }
                position = target;
                continue;
            }
            byte[] label = new byte[length];
            for (int i = 0; i < length; i++) {
                label[i] = b.get(position + 1 + i);
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(label, StandardCharsets.US_ASCII));
            position += 1 + length;
        }
        b.position(resumeAt >= 0 ? resumeAt : position);
        return name.toString().toLowerCase(java.util.Locale.ROOT);
    }

    static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

package io.pekonode.engine.core.gossip;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.wire.MemberRumor;
import io.pekonode.api.wire.MetadataEntry;
import io.pekonode.api.wire.MetadataRumor;
import io.pekonode.api.wire.Rumor;
import java.util.Map;

/**
 * Upper bounds on the encoded size of rumors, used to fill packets without encoding them twice.
 *
 * <p>An estimate that is too low makes a packet larger than the transport carries, and the packet is
 * dropped: every rumor in it is lost for that round. One that is too high leaves part of each packet
 * unused, which slows dissemination. So the bounds model a compact JSON rendering (one object per
 * rumor, as the JSON codec writes) and charge every part at its most expensive:
 * <ul>
 *   <li>each field: a quoted name of up to {@link #FIELD_NAME_BYTES} bytes (the codec's are 1-4),
 *       a colon and a comma;</li>
 *   <li>each rumor: a type discriminator field; nested values (version, address, tags) as objects
 *       with named fields, which is never shorter than the arrays or strings the codec uses;</li>
 *   <li>numbers at their longest decimal form; byte arrays as unwrapped base64,
 *       {@code 4 * ceil(n / 3)};</li>
 *   <li>strings: every non-ASCII UTF-16 unit as a {@code \}{@code uXXXX} escape (6 bytes, more than
 *       its at most 3 raw UTF-8 bytes), ASCII control characters and the characters some encoders
 *       escape for HTML safety ({@code < > & = '}) as 6 bytes too, quote and backslash as 2.</li>
 * </ul>
 * For typical rumors (ASCII ids, short keys) the bound is about twice the real size; for large values
 * it is within a few percent, as base64 dominates. A binary codec is smaller still.
 */
public final class RumorSizes {
    /** Bytes of a packet's envelope and message fields around its rumors (origin, seq, ids). */
    public static final int MESSAGE_OVERHEAD = 256;

    /** Longest field name assumed, in bytes: twice the JSON codec's longest. */
    static final int FIELD_NAME_BYTES = 8;
    /** One field's fixed cost: quoted name, colon, and the comma before the next field. */
    static final int FIELD = FIELD_NAME_BYTES + 2 + 1 + 1;
    /** Braces of an object. */
    private static final int OBJECT = 2;
    /** A rumor's braces and its type discriminator, such as {@code "t":"meta"}, with room for longer names. */
    private static final int RUMOR = OBJECT + FIELD + 2 + 12;
    private static final int LONG_DIGITS = 20;   // "-9223372036854775808"
    private static final int INT_DIGITS = 11;    // "-2147483648"
    private static final int NULL = 4;
    /** Longest member state name ("SUSPECT") quoted, with room for a longer name later. */
    private static final int STATE = 2 + 12;

    /**
     * No {@link #estimate(Rumor)} is smaller (the smallest rumors: empty strings, a one-character
     * host, an empty value), so a packet with less room left can stop looking for rumors that fit.
     */
    public static final int MIN_RUMOR_ESTIMATE = Math.min(
            estimate(new MetadataRumor(new MetadataEntry("", new byte[0], HlcTimestamp.ZERO))),
            estimate(new MemberRumor(new Member("", "", new NodeAddress("h", 0), Map.of(), MemberState.ALIVE, 0), "")));

    private RumorSizes() {
    }

    /** An upper bound on the encoded bytes of {@code rumor} in a message's rumor list, its comma included. */
    public static int estimate(Rumor rumor) {
        long bytes;
        if (rumor instanceof MemberRumor m) {
            bytes = RUMOR + memberFields(m.member()) + FIELD + string(m.reporterId());
        } else if (rumor instanceof MetadataRumor m) {
            bytes = RUMOR + entryFields(m.entry());
        } else {
            throw new IllegalArgumentException("unknown rumor type: " + rumor.getClass().getName());
        }
        return saturate(bytes + 1);
    }

    /** An upper bound on the encoded bytes of {@code member} in a member table, its comma included. */
    public static int estimate(Member member) {
        return saturate(OBJECT + memberFields(member) + 1);
    }

    /** An upper bound on the encoded bytes of {@code entry} in an entry list, its comma included. */
    public static int estimate(MetadataEntry entry) {
        return saturate(OBJECT + entryFields(entry) + 1);
    }

    private static long memberFields(Member m) {
        long tags = OBJECT;
        for (Map.Entry<String, String> t : m.tags().entrySet()) {
            tags += string(t.getKey()) + 1 + string(t.getValue()) + 1;
        }
        return FIELD + string(m.id())
                + FIELD + string(m.name())
                + FIELD + address(m.address())
                + FIELD + tags
                + FIELD + STATE
                + FIELD + LONG_DIGITS;
    }

    /** As an object {host, port}: longer than the codec's "[host]:port" string. */
    private static long address(NodeAddress a) {
        return OBJECT + FIELD + string(a.host()) + FIELD + INT_DIGITS;
    }

    private static long entryFields(MetadataEntry e) {
        long value = e.value() == null ? NULL : 2 + base64(e.value().length);
        return FIELD + string(e.key())
                + FIELD + value
                + FIELD + version(e.version());
    }

    /** As an object {physical, logical, node}: longer than the codec's three-element array. */
    private static long version(HlcTimestamp v) {
        return OBJECT + FIELD + LONG_DIGITS + FIELD + INT_DIGITS + FIELD + string(v.nodeId());
    }

    /** A quoted JSON string, every character at its most expensive escaping. */
    static long string(String s) {
        long bytes = 2;
        for (int i = 0, n = s.length(); i < n; i++) {
            bytes += charBytes(s.charAt(i));
        }
        return bytes;
    }

    private static int charBytes(char c) {
        if (c >= 0x80 || c < 0x20 || c == 0x7f) {
            return 6;
        }
        switch (c) {
            case '"', '\\':
                return 2;
            case '<', '>', '&', '=', '\'':
                return 6;
            default:
                return 1;
        }
    }

    static long base64(int n) {
        return 4L * ((n + 2L) / 3);
    }

    private static int saturate(long bytes) {
        return bytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) bytes;
    }
}

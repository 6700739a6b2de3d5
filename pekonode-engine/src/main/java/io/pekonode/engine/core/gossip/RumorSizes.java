package io.pekonode.engine.core.gossip;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import java.util.List;
import java.util.Map;

/**
 * Upper bounds on the encoded size of rumors, used to fill packets without encoding them twice.
 *
 * <p>An estimate that is too low makes a packet larger than the transport carries, and the packet is
 * dropped: every rumor in it is lost for that round. One that is too high leaves part of each packet
 * unused, which slows dissemination (the first version, twice the real size, fitted half as many
 * rumors per packet). So the bounds follow the JSON codec's compact layout (one object per rumor,
 * addresses as {@code "host:port"} strings, versions as three-element arrays) and charge only the
 * parts that vary at their most expensive:
 * <ul>
 *   <li>each field: a quoted name of up to {@link #FIELD_NAME_BYTES} bytes (the codec's longest),
 *       a colon and a comma;</li>
 *   <li>numbers at their exact decimal length; byte arrays as unwrapped base64,
 *       {@code 4 * ceil(n / 3)};</li>
 *   <li>strings: every non-ASCII UTF-16 unit as a {@code \}{@code uXXXX} escape (6 bytes, more than
 *       its at most 3 raw UTF-8 bytes), ASCII control characters and the characters some encoders
 *       escape for HTML safety ({@code < > & = '}) as 6 bytes too, quote and backslash as 2.</li>
 * </ul>
 * A codec with a bulkier layout must not rely on these bounds alone: the runtime sends a packet that
 * still comes out too large over the reliable path instead of dropping it.
 */
public final class RumorSizes {
    /**
     * Bytes of a packet around its rumors apart from the sender's id and address: the codec's fixed
     * fields and sequence number (about 70 in JSON) plus room for the frame header and, later, an
     * authentication tag and nonce. See {@link #envelope(String, NodeAddress)}.
     */
    public static final int MESSAGE_OVERHEAD = 128;

    /**
     * A packet's bytes around its rumors when sent by {@code nodeId} at {@code address}: the fixed
     * overhead, the origin, and a target id assumed as long as the sender's own.
     */
    public static int envelope(String nodeId, NodeAddress address) {
        return saturate(MESSAGE_OVERHEAD + 2 * string(nodeId) + address(address));
    }

    /** Braces of an object. */
    private static final int OBJECT = 2;
    /** Brackets of an array. */
    private static final int ARRAY = 2;
    /** The quotes around a string. */
    private static final int QUOTES = 2;
    /** A separator: the colon of a map entry or the comma after an element. */
    private static final int SEPARATOR = 1;
    /** A character written as a {@code \}{@code uXXXX} escape. */
    private static final int UNICODE_ESCAPE = 6;
    /** A character written as a two-character escape ({@code \"}, {@code \\}). */
    private static final int SHORT_ESCAPE = 2;
    /** Brackets around an IPv6 host in {@code "[host]:port"}, charged to every address. */
    private static final int IPV6_BRACKETS = 2;
    /** Longest field name assumed, in bytes: the JSON codec's longest ("tags"). */
    static final int FIELD_NAME_BYTES = 4;
    /** One field's fixed cost: quoted name, colon, and the comma before the next field. */
    static final int FIELD = FIELD_NAME_BYTES + QUOTES + SEPARATOR + SEPARATOR;
    /** Longest rumor type name but the query's ("meta"; see {@link #QUERY_TYPE_EXTRA}). */
    private static final int TYPE_NAME_BYTES = 4;
    /** A rumor's braces and its type discriminator, such as {@code "t":"meta"}. */
    private static final int RUMOR = OBJECT + FIELD + QUOTES + TYPE_NAME_BYTES;
    /** A JSON {@code null}. */
    private static final int NULL = 4;
    /** The query rumor's type name ("query") is one byte longer than {@link #RUMOR} allows for. */
    private static final int QUERY_TYPE_EXTRA = 1;
    /** A JSON boolean at its longest ("false"). */
    private static final int BOOLEAN = 5;
    /** Longest member state name ("SUSPECT") quoted. */
    private static final int STATE = QUOTES + "SUSPECT".length();

    /**
     * No {@link #estimate(Rumor)} is smaller (the smallest rumors: empty strings, a one-character
     * host, an empty value), so a packet with less room left can stop looking for rumors that fit.
     */
    public static final int MIN_RUMOR_ESTIMATE = Math.min(Math.min(
            estimate(new MetadataRumor(new MetadataEntry("", new byte[0], HlcTimestamp.ZERO))),
            estimate(new MemberRumor(new Member("", "", new NodeAddress("h", 0), Map.of(), MemberState.ALIVE, 0), ""))),
            Math.min(estimate(new UserEventRumor("", 0, "", new byte[0], false)),
                    estimate(new QueryRumor(new Origin("", new NodeAddress("h", 0)), 0, "", new byte[0], Map.of(),
                            List.of(), 0, false))));

    private RumorSizes() {
    }

    /** An upper bound on the encoded bytes of {@code rumor} in a message's rumor list, its comma included. */
    public static int estimate(Rumor rumor) {
        long bytes;
        if (rumor instanceof MemberRumor m) {
            bytes = RUMOR + memberFields(m.member()) + FIELD + string(m.reporterId());
        } else if (rumor instanceof MetadataRumor m) {
            bytes = RUMOR + entryFields(m.entry());
        } else if (rumor instanceof UserEventRumor e) {
            // {"t":"ev","id":origin,"lt":time,"n":name,"p":base64,"co":bool}
            bytes = RUMOR + FIELD + string(e.originId())
                    + FIELD + digits(e.lamportTime())
                    + FIELD + string(e.name())
                    + FIELD + QUOTES + base64(e.payload().length)
                    + FIELD + BOOLEAN;
        } else if (rumor instanceof QueryRumor q) {
            // {"t":"query","o":{"id":..,"a":..},"lt":..,"n":..,"p":..,"tf":{..},"ids":[..],"to":..,"wa":bool}
            bytes = RUMOR + QUERY_TYPE_EXTRA + FIELD + origin(q.origin())
                    + FIELD + digits(q.lamportTime())
                    + FIELD + string(q.name())
                    + FIELD + QUOTES + base64(q.payload().length)
                    + FIELD + stringMap(q.tagFilter())
                    + FIELD + stringList(q.nodeIds())
                    + FIELD + digits(q.timeoutMillis())
                    + FIELD + BOOLEAN;
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
        return FIELD + string(m.id())
                + FIELD + string(m.name())
                + FIELD + address(m.address())
                + FIELD + stringMap(m.tags())
                + FIELD + STATE
                + FIELD + digits(m.incarnation());
    }

    /** A JSON object of strings: braces, each pair's colon and comma. */
    private static long stringMap(Map<String, String> map) {
        long bytes = OBJECT;
        for (Map.Entry<String, String> e : map.entrySet()) {
            bytes += string(e.getKey()) + SEPARATOR + string(e.getValue()) + SEPARATOR;
        }
        return bytes;
    }

    /** A JSON array of strings: brackets and each element's comma. */
    private static long stringList(List<String> list) {
        long bytes = ARRAY;
        for (String s : list) {
            bytes += string(s) + SEPARATOR;
        }
        return bytes;
    }

    /** As the codec's origin object {@code {"id":..,"a":"host:port"}}. */
    private static long origin(Origin o) {
        return OBJECT + FIELD + string(o.nodeId()) + FIELD + address(o.address());
    }

    /** As the codec's quoted {@code "host:port"}, with brackets for IPv6. */
    public static long address(NodeAddress a) {
        return string(a.host()) + IPV6_BRACKETS + SEPARATOR + digits(a.port());
    }

    private static long entryFields(MetadataEntry e) {
        long value = e.value() == null ? NULL : QUOTES + base64(e.value().length);
        return FIELD + string(e.key())
                + FIELD + value
                + FIELD + version(e.version());
    }

    /** As the codec's array {@code [physical,logical,"node"]}. */
    private static long version(HlcTimestamp v) {
        return ARRAY + digits(v.physicalMillis()) + SEPARATOR + digits(v.logical()) + SEPARATOR + string(v.nodeId());
    }

    /** Decimal length of {@code v}, sign included. */
    static int digits(long v) {
        return Long.toString(v).length();
    }

    /** A quoted JSON string, every character at its most expensive escaping. */
    public static long string(String s) {
        long bytes = QUOTES;
        for (int i = 0, n = s.length(); i < n; i++) {
            bytes += charBytes(s.charAt(i));
        }
        return bytes;
    }

    private static int charBytes(char c) {
        if (c >= 0x80 || c < 0x20 || c == 0x7f) {
            return UNICODE_ESCAPE;
        }
        switch (c) {
            case '"', '\\':
                return SHORT_ESCAPE;
            case '<', '>', '&', '=', '\'':
                return UNICODE_ESCAPE;
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

package io.pekonode.codec.json;

import static io.pekonode.codec.json.WireNames.ADDRESS;
import static io.pekonode.codec.json.WireNames.HASH;
import static io.pekonode.codec.json.WireNames.HLC;
import static io.pekonode.codec.json.WireNames.ID;
import static io.pekonode.codec.json.WireNames.INCARNATION;
import static io.pekonode.codec.json.WireNames.KEY;
import static io.pekonode.codec.json.WireNames.KEY_VERSIONS;
import static io.pekonode.codec.json.WireNames.MEMBER_RUMOR;
import static io.pekonode.codec.json.WireNames.METADATA_RUMOR;
import static io.pekonode.codec.json.WireNames.NAME;
import static io.pekonode.codec.json.WireNames.QUERY_RUMOR;
import static io.pekonode.codec.json.WireNames.REPORTER;
import static io.pekonode.codec.json.WireNames.STATE;
import static io.pekonode.codec.json.WireNames.TAGS;
import static io.pekonode.codec.json.WireNames.TYPE;
import static io.pekonode.codec.json.WireNames.USER_EVENT_RUMOR;
import static io.pekonode.codec.json.WireNames.VALUE;

import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.MemberState;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Rumor;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads the values messages are made of: origins, addresses, members, rumors, entries, digests. */
final class PartsReader {

    private final JsonInput in;
    private final MessagingReader messaging;

    PartsReader(JsonInput in) {
        this.in = in;
        this.messaging = new MessagingReader(in, this);
    }

    MessagingReader messaging() {
        return messaging;
    }

    Origin origin(String what) throws IOException, DecodeException {
        in.expectObject(what);
        String nodeId = null;
        NodeAddress address = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ID -> nodeId = in.string(what + ".id");
                case ADDRESS -> address = address(what + ".a");
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new Origin(require(nodeId, what, ID), require(address, what, ADDRESS));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    NodeAddress address(String what) throws IOException, DecodeException {
        int maxHost = in.limits().maxStringLength();
        return AddressText.parse(in.string(what, maxHost + AddressText.MAX_DECORATION), what, maxHost);
    }

    List<Member> members(String what) throws IOException, DecodeException {
        return in.list(what, in.limits().maxMembers(), () -> member("member"));
    }

    Member member(String what) throws IOException, DecodeException {
        in.expectObject(what);
        MemberFields member = new MemberFields(what);
        for (String field; (field = in.nextField()) != null; ) {
            if (!member.read(field)) {
                throw Problems.unknownField(what, field);
            }
        }
        return member.build();
    }

    List<Rumor> rumors(String what) throws IOException, DecodeException {
        return in.list(what, in.limits().maxRumors(), this::rumor);
    }

    /** A rumor's type comes first so that its remaining fields can be checked against it. */
    private Rumor rumor() throws IOException, DecodeException {
        in.expectObject("rumor");
        String first = in.nextField();
        if (!TYPE.equals(first)) {
            throw first == null ? Problems.missing("rumor", TYPE)
                    : Problems.malformed("a rumor must start with its \"t\" field, not " + Problems.quote(first));
        }
        String type = in.string("rumor type");
        switch (type) {
            case MEMBER_RUMOR:
                return memberRumor();
            case METADATA_RUMOR:
                return metadataRumor();
            case USER_EVENT_RUMOR:
                return messaging.userEvent();
            case QUERY_RUMOR:
                return messaging.query();
            default:
                throw Problems.unknownType("unknown rumor type " + Problems.quote(type));
        }
    }

    private MemberRumor memberRumor() throws IOException, DecodeException {
        String what = "member rumor";
        MemberFields member = new MemberFields(what);
        String reporterId = null;
        for (String field; (field = in.nextField()) != null; ) {
            if (REPORTER.equals(field)) {
                reporterId = in.string(what + ".by");
            } else if (!member.read(field)) {
                throw Problems.unknownField(what, field);
            }
        }
        Member built = member.build();
        try {
            return new MemberRumor(built, require(reporterId, what, REPORTER));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    private MetadataRumor metadataRumor() throws IOException, DecodeException {
        EntryFields entry = new EntryFields("metadata rumor");
        for (String field; (field = in.nextField()) != null; ) {
            if (!entry.read(field)) {
                throw Problems.unknownField("metadata rumor", field);
            }
        }
        return new MetadataRumor(entry.build());
    }

    List<MetadataEntry> entries(String what) throws IOException, DecodeException {
        return in.list(what, in.limits().maxEntries(), () -> entry("entry"));
    }

    private MetadataEntry entry(String what) throws IOException, DecodeException {
        in.expectObject(what);
        EntryFields entry = new EntryFields(what);
        for (String field; (field = in.nextField()) != null; ) {
            if (!entry.read(field)) {
                throw Problems.unknownField(what, field);
            }
        }
        return entry.build();
    }

    List<String> keys(String what) throws IOException, DecodeException {
        return in.list(what, in.limits().maxEntries(), () -> in.string("key"));
    }

    MetadataDigest digest(String what) throws IOException, DecodeException {
        in.expectObject(what);
        Long hash = null;
        List<KeyVersion> versions = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case HASH -> hash = hash(what + ".h");
                case KEY_VERSIONS -> versions = in.list(what + ".kv", in.limits().maxEntries(), this::keyVersion);
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new MetadataDigest(require(hash, what, HASH), require(versions, what, KEY_VERSIONS));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** A digest line: {@code [key, hlc]}. */
    private KeyVersion keyVersion() throws IOException, DecodeException {
        String what = "digest line";
        in.expectArray(what);
        in.advance();
        String key = in.string(what + " key");
        in.advance();
        HlcTimestamp version = hlc(what + " version");
        in.expectArrayEnd(what);
        try {
            return new KeyVersion(key, version);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** {@code [physicalMillis, logical, nodeId]}. */
    HlcTimestamp hlc(String what) throws IOException, DecodeException {
        in.expectArray(what);
        in.advance();
        long physicalMillis = in.int64(what + " millis");
        in.advance();
        int logical = in.int32(what + " counter");
        in.advance();
        String nodeId = in.string(what + " node id");
        in.expectArrayEnd(what);
        try {
            return new HlcTimestamp(physicalMillis, logical, nodeId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    private long hash(String what) throws IOException, DecodeException {
        String text = in.string(what);
        if (text.length() != 16 || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw Problems.invalid(what + " must be 16 lower-case hex digits");
        }
        return Long.parseUnsignedLong(text, 16);
    }

    static <T> T require(T value, String what, String field) throws DecodeException {
        if (value == null) {
            throw Problems.missing(what, field);
        }
        return value;
    }

    /** Collects a member's fields, which appear both in member objects and in member rumors. */
    private final class MemberFields {
        private final String what;
        private String id;
        private String name;
        private NodeAddress address;
        private MemberState state;
        private Long incarnation;
        private Map<String, String> tags;

        MemberFields(String what) {
            this.what = what;
        }

        /** Reads {@code field} if it is a member field; false means the caller must deal with it. */
        boolean read(String field) throws IOException, DecodeException {
            switch (field) {
                case ID -> id = in.string(what + ".id");
                case NAME -> name = in.string(what + ".n");
                case ADDRESS -> address = address(what + ".a");
                case STATE -> state = state(what + ".s");
                case INCARNATION -> incarnation = in.int64(what + ".i");
                case TAGS -> tags = in.stringMap(what + ".tags");
                default -> {
                    return false;
                }
            }
            return true;
        }

        Member build() throws DecodeException {
            try {
                return new Member(require(id, what, ID), require(name, what, NAME), require(address, what, ADDRESS),
                        require(tags, what, TAGS), require(state, what, STATE), require(incarnation, what, INCARNATION));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Problems.invalid(what, e);
            }
        }

        private MemberState state(String where) throws IOException, DecodeException {
            String text = in.string(where);
            for (MemberState candidate : MemberState.values()) {
                if (candidate.name().equals(text)) {
                    return candidate;
                }
            }
            throw Problems.invalid(where + " is not a member state: " + Problems.quote(text));
        }
    }

    /** Collects a metadata entry's fields, which appear in entry objects and in metadata rumors. */
    private final class EntryFields {
        private final String what;
        private String key;
        private byte[] value;
        private boolean valuePresent;
        private HlcTimestamp version;

        EntryFields(String what) {
            this.what = what;
        }

        boolean read(String field) throws IOException, DecodeException {
            switch (field) {
                case KEY -> key = in.string(what + ".k");
                case VALUE -> {
                    value = in.nullableBytes(what + ".val");
                    valuePresent = true;
                }
                case HLC -> version = hlc(what + ".ver");
                default -> {
                    return false;
                }
            }
            return true;
        }

        MetadataEntry build() throws DecodeException {
            if (!valuePresent) {
                throw Problems.missing(what, VALUE);
            }
            try {
                return new MetadataEntry(require(key, what, KEY), value, require(version, what, HLC));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw Problems.invalid(what, e);
            }
        }
    }
}

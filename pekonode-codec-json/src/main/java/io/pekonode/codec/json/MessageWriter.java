package io.pekonode.codec.json;

import static io.pekonode.codec.json.WireNames.ACK;
import static io.pekonode.codec.json.WireNames.ADDRESS;
import static io.pekonode.codec.json.WireNames.COALESCE;
import static io.pekonode.codec.json.WireNames.DIGEST;
import static io.pekonode.codec.json.WireNames.DIRECT_MESSAGE;
import static io.pekonode.codec.json.WireNames.DIRECT_REPLY;
import static io.pekonode.codec.json.WireNames.ENTRIES;
import static io.pekonode.codec.json.WireNames.ERROR;
import static io.pekonode.codec.json.WireNames.GOSSIP;
import static io.pekonode.codec.json.WireNames.HASH;
import static io.pekonode.codec.json.WireNames.HLC;
import static io.pekonode.codec.json.WireNames.ID;
import static io.pekonode.codec.json.WireNames.INCARNATION;
import static io.pekonode.codec.json.WireNames.INDIRECT_PING;
import static io.pekonode.codec.json.WireNames.IS_ACK;
import static io.pekonode.codec.json.WireNames.JOIN;
import static io.pekonode.codec.json.WireNames.KEY;
import static io.pekonode.codec.json.WireNames.KEY_VERSIONS;
import static io.pekonode.codec.json.WireNames.LAMPORT;
import static io.pekonode.codec.json.WireNames.MEMBERS;
import static io.pekonode.codec.json.WireNames.MEMBER_RUMOR;
import static io.pekonode.codec.json.WireNames.METADATA_PUSH;
import static io.pekonode.codec.json.WireNames.METADATA_RUMOR;
import static io.pekonode.codec.json.WireNames.NACK;
import static io.pekonode.codec.json.WireNames.NACK_WANTED;
import static io.pekonode.codec.json.WireNames.NAME;
import static io.pekonode.codec.json.WireNames.NODE_IDS;
import static io.pekonode.codec.json.WireNames.ORIGIN;
import static io.pekonode.codec.json.WireNames.PAYLOAD;
import static io.pekonode.codec.json.WireNames.PING;
import static io.pekonode.codec.json.WireNames.PROTOCOL_VERSION;
import static io.pekonode.codec.json.WireNames.QUERY_ID;
import static io.pekonode.codec.json.WireNames.QUERY_REPLY;
import static io.pekonode.codec.json.WireNames.QUERY_RUMOR;
import static io.pekonode.codec.json.WireNames.REPLY_WANTED;
import static io.pekonode.codec.json.WireNames.REPORTER;
import static io.pekonode.codec.json.WireNames.REQUEST_ID;
import static io.pekonode.codec.json.WireNames.RUMORS;
import static io.pekonode.codec.json.WireNames.SEQ;
import static io.pekonode.codec.json.WireNames.STATE;
import static io.pekonode.codec.json.WireNames.STATUS;
import static io.pekonode.codec.json.WireNames.SYNC_REQUEST;
import static io.pekonode.codec.json.WireNames.SYNC_RESPONSE;
import static io.pekonode.codec.json.WireNames.TAGS;
import static io.pekonode.codec.json.WireNames.TAG_FILTER;
import static io.pekonode.codec.json.WireNames.TARGET;
import static io.pekonode.codec.json.WireNames.TARGET_ID;
import static io.pekonode.codec.json.WireNames.TIMEOUT_MILLIS;
import static io.pekonode.codec.json.WireNames.TOPIC;
import static io.pekonode.codec.json.WireNames.TYPE;
import static io.pekonode.codec.json.WireNames.USER_EVENT_RUMOR;
import static io.pekonode.codec.json.WireNames.VALUE;
import static io.pekonode.codec.json.WireNames.VERSION;
import static io.pekonode.codec.json.WireNames.WANTED_KEYS;
import static io.pekonode.codec.json.WireNames.WANT_ACK;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pekonode.api.HlcTimestamp;
import io.pekonode.api.Member;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.KeyVersion;
import io.pekonode.api.spi.wire.MemberRumor;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.MetadataRumor;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.WireMessage;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Writes one message in the layout {@link MessageReader} reads; version and type always first. */
final class MessageWriter {

    private final JsonGenerator out;

    MessageWriter(JsonGenerator out) {
        this.out = out;
    }

    void write(WireMessage message) throws IOException {
        out.writeStartObject();
        out.writeNumberField(VERSION, PROTOCOL_VERSION);
        if (message instanceof Ping ping) {
            header(PING, ping.origin());
            out.writeNumberField(SEQ, ping.seq());
            out.writeStringField(TARGET_ID, ping.targetId());
            rumors(ping.rumors());
        } else if (message instanceof IndirectPing ping) {
            header(INDIRECT_PING, ping.origin());
            out.writeNumberField(SEQ, ping.seq());
            out.writeStringField(TARGET_ID, ping.targetId());
            out.writeStringField(TARGET, AddressText.format(Objects.requireNonNull(ping.target(), "target")));
            out.writeBooleanField(NACK_WANTED, ping.nackWanted());
            rumors(ping.rumors());
        } else if (message instanceof Ack ack) {
            header(ACK, ack.origin());
            out.writeNumberField(SEQ, ack.seq());
            rumors(ack.rumors());
        } else if (message instanceof Nack nack) {
            header(NACK, nack.origin());
            out.writeNumberField(SEQ, nack.seq());
        } else if (message instanceof Gossip gossip) {
            header(GOSSIP, gossip.origin());
            rumors(gossip.rumors());
        } else if (message instanceof SyncRequest sync) {
            header(SYNC_REQUEST, sync.origin());
            out.writeBooleanField(JOIN, sync.join());
            members(sync.members());
            digest(Objects.requireNonNull(sync.digest(), "digest"));
        } else if (message instanceof SyncResponse sync) {
            header(SYNC_RESPONSE, sync.origin());
            members(sync.members());
            entries(sync.entries());
            out.writeArrayFieldStart(WANTED_KEYS);
            for (String key : sync.wantedKeys()) {
                out.writeString(key);
            }
            out.writeEndArray();
        } else if (message instanceof MetadataPush push) {
            header(METADATA_PUSH, push.origin());
            entries(push.entries());
        } else if (message instanceof DirectMessage direct) {
            header(DIRECT_MESSAGE, direct.origin());
            out.writeNumberField(REQUEST_ID, direct.requestId());
            out.writeStringField(TOPIC, direct.topic());
            payload(direct.payload());
            out.writeBooleanField(REPLY_WANTED, direct.replyWanted());
        } else if (message instanceof DirectReply reply) {
            header(DIRECT_REPLY, reply.origin());
            out.writeNumberField(REQUEST_ID, reply.requestId());
            out.writeStringField(STATUS, reply.status().name());
            payload(reply.payload());
            out.writeStringField(ERROR, reply.error());
        } else if (message instanceof QueryReply reply) {
            header(QUERY_REPLY, reply.origin());
            out.writeNumberField(QUERY_ID, reply.queryId());
            out.writeBooleanField(IS_ACK, reply.ack());
            payload(reply.payload());
        } else {
            throw new IllegalArgumentException("not a protocol message: " + message.getClass().getName());
        }
        out.writeEndObject();
    }

    private void header(String type, Origin origin) throws IOException {
        out.writeStringField(TYPE, type);
        origin(origin);
    }

    private void origin(Origin origin) throws IOException {
        Objects.requireNonNull(origin, "origin");
        out.writeObjectFieldStart(ORIGIN);
        out.writeStringField(ID, origin.nodeId());
        out.writeStringField(ADDRESS, AddressText.format(origin.address()));
        out.writeEndObject();
    }

    private void rumors(List<Rumor> rumors) throws IOException {
        out.writeArrayFieldStart(RUMORS);
        for (Rumor rumor : rumors) {
            out.writeStartObject();
            if (rumor instanceof MemberRumor memberRumor) {
                out.writeStringField(TYPE, MEMBER_RUMOR);
                memberFields(memberRumor.member());
                out.writeStringField(REPORTER, memberRumor.reporterId());
            } else if (rumor instanceof MetadataRumor metadataRumor) {
                out.writeStringField(TYPE, METADATA_RUMOR);
                entryFields(metadataRumor.entry());
            } else if (rumor instanceof UserEventRumor event) {
                out.writeStringField(TYPE, USER_EVENT_RUMOR);
                out.writeStringField(ID, event.originId());
                out.writeNumberField(LAMPORT, event.lamportTime());
                out.writeStringField(NAME, event.name());
                payload(event.payload());
                out.writeBooleanField(COALESCE, event.coalesce());
            } else if (rumor instanceof QueryRumor query) {
                out.writeStringField(TYPE, QUERY_RUMOR);
                origin(query.origin());
                out.writeNumberField(LAMPORT, query.lamportTime());
                out.writeStringField(NAME, query.name());
                payload(query.payload());
                out.writeObjectFieldStart(TAG_FILTER);
                for (Map.Entry<String, String> filter : query.tagFilter().entrySet()) {
                    out.writeStringField(filter.getKey(), filter.getValue());
                }
                out.writeEndObject();
                out.writeArrayFieldStart(NODE_IDS);
                for (String id : query.nodeIds()) {
                    out.writeString(id);
                }
                out.writeEndArray();
                out.writeNumberField(TIMEOUT_MILLIS, query.timeoutMillis());
                out.writeBooleanField(WANT_ACK, query.wantAck());
            } else {
                throw new IllegalArgumentException("not a rumor: " + rumor.getClass().getName());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Streamed as base64 so a 1 MiB payload is never held as one more String. */
    private void payload(byte[] payload) throws IOException {
        out.writeFieldName(PAYLOAD);
        out.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, payload, 0, payload.length);
    }

    private void members(List<Member> members) throws IOException {
        out.writeArrayFieldStart(MEMBERS);
        for (Member member : members) {
            out.writeStartObject();
            memberFields(member);
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private void memberFields(Member member) throws IOException {
        out.writeStringField(ID, member.id());
        out.writeStringField(NAME, member.name());
        out.writeStringField(ADDRESS, AddressText.format(member.address()));
        out.writeStringField(STATE, member.state().name());
        out.writeNumberField(INCARNATION, member.incarnation());
        out.writeObjectFieldStart(TAGS);
        for (Map.Entry<String, String> tag : member.tags().entrySet()) {
            out.writeStringField(tag.getKey(), tag.getValue());
        }
        out.writeEndObject();
    }

    private void entries(List<MetadataEntry> entries) throws IOException {
        out.writeArrayFieldStart(ENTRIES);
        for (MetadataEntry entry : entries) {
            out.writeStartObject();
            entryFields(entry);
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private void entryFields(MetadataEntry entry) throws IOException {
        out.writeStringField(KEY, entry.key());
        if (entry.value() == null) {
            out.writeNullField(VALUE);
        } else {
            out.writeStringField(VALUE, Base64.getEncoder().encodeToString(entry.value()));
        }
        out.writeFieldName(HLC);
        hlc(entry.version());
    }

    private void digest(MetadataDigest digest) throws IOException {
        out.writeObjectFieldStart(DIGEST);
        out.writeStringField(HASH, hex16(digest.hash()));
        out.writeArrayFieldStart(KEY_VERSIONS);
        for (KeyVersion line : digest.versions()) {
            out.writeStartArray();
            out.writeString(line.key());
            hlc(line.version());
            out.writeEndArray();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** Always 16 digits so the reader can insist on one canonical form. */
    private static String hex16(long value) {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private void hlc(HlcTimestamp version) throws IOException {
        out.writeStartArray();
        out.writeNumber(version.physicalMillis());
        out.writeNumber(version.logical());
        out.writeString(version.nodeId());
        out.writeEndArray();
    }
}

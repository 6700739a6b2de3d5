package io.pekonode.codec.json;

import static io.pekonode.codec.json.PartsReader.require;
import static io.pekonode.codec.json.WireNames.ACK;
import static io.pekonode.codec.json.WireNames.DIGEST;
import static io.pekonode.codec.json.WireNames.DIRECT_MESSAGE;
import static io.pekonode.codec.json.WireNames.DIRECT_REPLY;
import static io.pekonode.codec.json.WireNames.ENTRIES;
import static io.pekonode.codec.json.WireNames.GOSSIP;
import static io.pekonode.codec.json.WireNames.INDIRECT_PING;
import static io.pekonode.codec.json.WireNames.JOIN;
import static io.pekonode.codec.json.WireNames.MEMBERS;
import static io.pekonode.codec.json.WireNames.METADATA_PUSH;
import static io.pekonode.codec.json.WireNames.NACK;
import static io.pekonode.codec.json.WireNames.NACK_WANTED;
import static io.pekonode.codec.json.WireNames.ORIGIN;
import static io.pekonode.codec.json.WireNames.PING;
import static io.pekonode.codec.json.WireNames.PROTOCOL_VERSION;
import static io.pekonode.codec.json.WireNames.QUERY_REPLY;
import static io.pekonode.codec.json.WireNames.RUMORS;
import static io.pekonode.codec.json.WireNames.SEQ;
import static io.pekonode.codec.json.WireNames.SYNC_REQUEST;
import static io.pekonode.codec.json.WireNames.SYNC_RESPONSE;
import static io.pekonode.codec.json.WireNames.TARGET;
import static io.pekonode.codec.json.WireNames.TARGET_ID;
import static io.pekonode.codec.json.WireNames.TYPE;
import static io.pekonode.codec.json.WireNames.VERSION;
import static io.pekonode.codec.json.WireNames.WANTED_KEYS;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pekonode.api.Member;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.wire.Ack;
import io.pekonode.api.spi.wire.Gossip;
import io.pekonode.api.spi.wire.IndirectPing;
import io.pekonode.api.spi.wire.MetadataDigest;
import io.pekonode.api.spi.wire.MetadataEntry;
import io.pekonode.api.spi.wire.MetadataPush;
import io.pekonode.api.spi.wire.Nack;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.Ping;
import io.pekonode.api.spi.wire.Rumor;
import io.pekonode.api.spi.wire.SyncRequest;
import io.pekonode.api.spi.wire.SyncResponse;
import io.pekonode.api.spi.wire.WireMessage;
import java.io.IOException;
import java.util.List;

/**
 * Reads one message: the version and type first, then the type's own fields in any order, each
 * exactly once, then the end of the input.
 */
final class MessageReader {

    private final JsonParser parser;
    private final JsonInput in;
    private final PartsReader parts;

    MessageReader(JsonParser parser, JsonInput in) {
        this.parser = parser;
        this.in = in;
        this.parts = new PartsReader(in);
    }

    WireMessage read() throws IOException, DecodeException {
        in.advance();
        in.expectObject("a message");
        checkVersion(in.nextField());
        String field = in.nextField();
        if (!TYPE.equals(field)) {
            throw field == null ? Problems.missing("message", TYPE)
                    : Problems.malformed("the \"t\" field must follow \"v\", not " + Problems.quote(field));
        }
        String type = in.string("message type");
        WireMessage message = switch (type) {
            case PING -> ping();
            case INDIRECT_PING -> indirectPing();
            case ACK -> ack();
            case NACK -> nack();
            case GOSSIP -> gossip();
            case SYNC_REQUEST -> syncRequest();
            case SYNC_RESPONSE -> syncResponse();
            case METADATA_PUSH -> metadataPush();
            case DIRECT_MESSAGE -> parts.messaging().directMessage();
            case DIRECT_REPLY -> parts.messaging().directReply();
            case QUERY_REPLY -> parts.messaging().queryReply();
            default -> throw Problems.unknownType("unknown message type " + Problems.quote(type));
        };
        in.expectEndOfInput();
        return message;
    }

    /** The version is read before anything else so a newer peer's message is reported as such. */
    private void checkVersion(String field) throws IOException, DecodeException {
        if (field == null) {
            throw Problems.missing("message", VERSION);
        }
        if (!VERSION.equals(field)) {
            throw Problems.malformed("a message must start with its \"v\" field, not " + Problems.quote(field));
        }
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw Problems.malformed("the protocol version must be an integer");
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() != PROTOCOL_VERSION) {
            throw Problems.unknownType("protocol version " + Problems.quote(parser.getText())
                    + " is not supported (this node speaks version " + PROTOCOL_VERSION + ")");
        }
    }

    private Ping ping() throws IOException, DecodeException {
        Origin origin = null;
        Long seq = null;
        String targetId = null;
        boolean hasTargetId = false;
        List<Rumor> rumors = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin("ping.o");
                case SEQ -> seq = in.int64("ping.seq");
                case TARGET_ID -> {
                    targetId = in.nullableString("ping.tid");
                    hasTargetId = true;
                }
                case RUMORS -> rumors = parts.rumors("ping.r");
                default -> throw Problems.unknownField("ping", field);
            }
        }
        requirePresent(hasTargetId, "ping", TARGET_ID);
        return new Ping(require(origin, "ping", ORIGIN), require(seq, "ping", SEQ), targetId,
                require(rumors, "ping", RUMORS));
    }

    private IndirectPing indirectPing() throws IOException, DecodeException {
        String what = "ping-req";
        Origin origin = null;
        Long seq = null;
        String targetId = null;
        boolean hasTargetId = false;
        NodeAddress target = null;
        Boolean nackWanted = null;
        List<Rumor> rumors = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case SEQ -> seq = in.int64(what + ".seq");
                case TARGET_ID -> {
                    targetId = in.nullableString(what + ".tid");
                    hasTargetId = true;
                }
                case TARGET -> target = parts.address(what + ".ta");
                case NACK_WANTED -> nackWanted = in.bool(what + ".nack");
                case RUMORS -> rumors = parts.rumors(what + ".r");
                default -> throw Problems.unknownField(what, field);
            }
        }
        requirePresent(hasTargetId, what, TARGET_ID);
        return new IndirectPing(require(origin, what, ORIGIN), require(seq, what, SEQ), targetId,
                require(target, what, TARGET), require(nackWanted, what, NACK_WANTED), require(rumors, what, RUMORS));
    }

    private Ack ack() throws IOException, DecodeException {
        Origin origin = null;
        Long seq = null;
        List<Rumor> rumors = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin("ack.o");
                case SEQ -> seq = in.int64("ack.seq");
                case RUMORS -> rumors = parts.rumors("ack.r");
                default -> throw Problems.unknownField("ack", field);
            }
        }
        return new Ack(require(origin, "ack", ORIGIN), require(seq, "ack", SEQ), require(rumors, "ack", RUMORS));
    }

    private Nack nack() throws IOException, DecodeException {
        Origin origin = null;
        Long seq = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin("nack.o");
                case SEQ -> seq = in.int64("nack.seq");
                default -> throw Problems.unknownField("nack", field);
            }
        }
        return new Nack(require(origin, "nack", ORIGIN), require(seq, "nack", SEQ));
    }

    private Gossip gossip() throws IOException, DecodeException {
        Origin origin = null;
        List<Rumor> rumors = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin("gossip.o");
                case RUMORS -> rumors = parts.rumors("gossip.r");
                default -> throw Problems.unknownField("gossip", field);
            }
        }
        return new Gossip(require(origin, "gossip", ORIGIN), require(rumors, "gossip", RUMORS));
    }

    private SyncRequest syncRequest() throws IOException, DecodeException {
        String what = "sync-req";
        Origin origin = null;
        Boolean join = null;
        List<Member> members = null;
        MetadataDigest digest = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case JOIN -> join = in.bool(what + ".join");
                case MEMBERS -> members = parts.members(what + ".m");
                case DIGEST -> digest = parts.digest(what + ".dg");
                default -> throw Problems.unknownField(what, field);
            }
        }
        return new SyncRequest(require(origin, what, ORIGIN), require(join, what, JOIN),
                require(members, what, MEMBERS), require(digest, what, DIGEST));
    }

    private SyncResponse syncResponse() throws IOException, DecodeException {
        String what = "sync-resp";
        Origin origin = null;
        List<Member> members = null;
        List<MetadataEntry> entries = null;
        List<String> wantedKeys = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case MEMBERS -> members = parts.members(what + ".m");
                case ENTRIES -> entries = parts.entries(what + ".e");
                case WANTED_KEYS -> wantedKeys = parts.keys(what + ".want");
                default -> throw Problems.unknownField(what, field);
            }
        }
        return new SyncResponse(require(origin, what, ORIGIN), require(members, what, MEMBERS),
                require(entries, what, ENTRIES), require(wantedKeys, what, WANTED_KEYS));
    }

    private MetadataPush metadataPush() throws IOException, DecodeException {
        Origin origin = null;
        List<MetadataEntry> entries = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin("meta-push.o");
                case ENTRIES -> entries = parts.entries("meta-push.e");
                default -> throw Problems.unknownField("meta-push", field);
            }
        }
        return new MetadataPush(require(origin, "meta-push", ORIGIN), require(entries, "meta-push", ENTRIES));
    }

    private static void requirePresent(boolean present, String what, String field) throws DecodeException {
        if (!present) {
            throw Problems.missing(what, field);
        }
    }
}

package io.pekonode.codec.json;

import static io.pekonode.codec.json.PartsReader.require;
import static io.pekonode.codec.json.WireNames.COALESCE;
import static io.pekonode.codec.json.WireNames.ERROR;
import static io.pekonode.codec.json.WireNames.ID;
import static io.pekonode.codec.json.WireNames.IS_ACK;
import static io.pekonode.codec.json.WireNames.LAMPORT;
import static io.pekonode.codec.json.WireNames.NAME;
import static io.pekonode.codec.json.WireNames.NODE_IDS;
import static io.pekonode.codec.json.WireNames.ORIGIN;
import static io.pekonode.codec.json.WireNames.PAYLOAD;
import static io.pekonode.codec.json.WireNames.QUERY_ID;
import static io.pekonode.codec.json.WireNames.REPLY_WANTED;
import static io.pekonode.codec.json.WireNames.REQUEST_ID;
import static io.pekonode.codec.json.WireNames.STATUS;
import static io.pekonode.codec.json.WireNames.TAG_FILTER;
import static io.pekonode.codec.json.WireNames.TIMEOUT_MILLIS;
import static io.pekonode.codec.json.WireNames.TOPIC;
import static io.pekonode.codec.json.WireNames.WANT_ACK;

import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.Origin;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.QueryRumor;
import io.pekonode.api.spi.wire.UserEventRumor;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads the messaging records: user event and query rumors (gossiped, so their payloads are bounded
 * by {@code maxValueBytes} like metadata values) and direct messages and replies (sent point to
 * point, possibly over the reliable path, so only the message limit bounds their payloads).
 */
final class MessagingReader {

    private final JsonInput in;
    private final PartsReader parts;

    MessagingReader(JsonInput in, PartsReader parts) {
        this.in = in;
        this.parts = parts;
    }

    /** The rest of a user event rumor, after its type. */
    UserEventRumor userEvent() throws IOException, DecodeException {
        String what = "event rumor";
        String originId = null;
        Long lamportTime = null;
        String name = null;
        byte[] payload = null;
        Boolean coalesce = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ID -> originId = in.string(what + ".id");
                case LAMPORT -> lamportTime = in.int64(what + ".lt");
                case NAME -> name = in.string(what + ".n");
                case PAYLOAD -> payload = in.bytes(what + ".p", in.limits().maxValueBytes());
                case COALESCE -> coalesce = in.bool(what + ".co");
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new UserEventRumor(require(originId, what, ID), require(lamportTime, what, LAMPORT),
                    require(name, what, NAME), require(payload, what, PAYLOAD), require(coalesce, what, COALESCE));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** The rest of a query rumor, after its type. */
    QueryRumor query() throws IOException, DecodeException {
        String what = "query rumor";
        Origin origin = null;
        Long lamportTime = null;
        String name = null;
        byte[] payload = null;
        Map<String, String> tagFilter = null;
        List<String> nodeIds = null;
        Long timeoutMillis = null;
        Boolean wantAck = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case LAMPORT -> lamportTime = in.int64(what + ".lt");
                case NAME -> name = in.string(what + ".n");
                case PAYLOAD -> payload = in.bytes(what + ".p", in.limits().maxValueBytes());
                case TAG_FILTER -> tagFilter = in.stringMap(what + ".tf");
                case NODE_IDS -> nodeIds = in.list(what + ".ids", in.limits().maxMembers(),
                        () -> in.string(what + " node id"));
                case TIMEOUT_MILLIS -> timeoutMillis = in.int64(what + ".to");
                case WANT_ACK -> wantAck = in.bool(what + ".wa");
                default -> throw Problems.unknownField(what, field);
            }
        }
        if (timeoutMillis != null && timeoutMillis < 0) {
            throw Problems.invalid(what + ".to is negative: " + timeoutMillis);
        }
        try {
            return new QueryRumor(require(origin, what, ORIGIN), require(lamportTime, what, LAMPORT),
                    require(name, what, NAME), require(payload, what, PAYLOAD), require(tagFilter, what, TAG_FILTER),
                    require(nodeIds, what, NODE_IDS), require(timeoutMillis, what, TIMEOUT_MILLIS),
                    require(wantAck, what, WANT_ACK));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** The rest of a direct message, after its type. */
    DirectMessage directMessage() throws IOException, DecodeException {
        String what = "msg";
        Origin origin = null;
        Long requestId = null;
        String topic = null;
        byte[] payload = null;
        Boolean replyWanted = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case REQUEST_ID -> requestId = in.int64(what + ".rid");
                case TOPIC -> topic = in.string(what + ".tp");
                case PAYLOAD -> payload = in.bytes(what + ".p", in.limits().maxMessageBytes());
                case REPLY_WANTED -> replyWanted = in.bool(what + ".rw");
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new DirectMessage(require(origin, what, ORIGIN), require(requestId, what, REQUEST_ID),
                    require(topic, what, TOPIC), require(payload, what, PAYLOAD),
                    require(replyWanted, what, REPLY_WANTED));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** The rest of a direct reply, after its type. The error text is cut, not refused, when long. */
    DirectReply directReply() throws IOException, DecodeException {
        String what = "reply";
        Origin origin = null;
        Long requestId = null;
        DirectReply.Status status = null;
        byte[] payload = null;
        String error = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case REQUEST_ID -> requestId = in.int64(what + ".rid");
                case STATUS -> status = status(what + ".st");
                case PAYLOAD -> payload = in.bytes(what + ".p", in.limits().maxMessageBytes());
                case ERROR -> error = in.cutString(what + ".err");
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new DirectReply(require(origin, what, ORIGIN), require(requestId, what, REQUEST_ID),
                    require(status, what, STATUS), require(payload, what, PAYLOAD), require(error, what, ERROR));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** The rest of a query reply, after its type. */
    QueryReply queryReply() throws IOException, DecodeException {
        String what = "q-reply";
        Origin origin = null;
        Long queryId = null;
        Boolean ack = null;
        byte[] payload = null;
        for (String field; (field = in.nextField()) != null; ) {
            switch (field) {
                case ORIGIN -> origin = parts.origin(what + ".o");
                case QUERY_ID -> queryId = in.int64(what + ".qid");
                case IS_ACK -> ack = in.bool(what + ".ack");
                case PAYLOAD -> payload = in.bytes(what + ".p", in.limits().maxMessageBytes());
                default -> throw Problems.unknownField(what, field);
            }
        }
        try {
            return new QueryReply(require(origin, what, ORIGIN), require(queryId, what, QUERY_ID),
                    require(ack, what, IS_ACK), require(payload, what, PAYLOAD));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Problems.invalid(what, e);
        }
    }

    /** An unknown status is refused like an unknown member state: a newer peer must bump the version. */
    private DirectReply.Status status(String where) throws IOException, DecodeException {
        String text = in.string(where);
        for (DirectReply.Status candidate : DirectReply.Status.values()) {
            if (candidate.name().equals(text)) {
                return candidate;
            }
        }
        throw Problems.invalid(where + " is not a reply status: " + Problems.quote(text));
    }
}

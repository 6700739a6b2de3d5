package io.pekonode.codec.json;

/**
 * Field and type names of the JSON wire format (see the package documentation for the layout).
 * Writer and reader share these constants so the two directions cannot drift apart.
 */
final class WireNames {

    /** The protocol version this codec writes and the only one it reads. */
    static final int PROTOCOL_VERSION = 1;

    // Every message and every rumor starts with these.
    static final String VERSION = "v";
    static final String TYPE = "t";

    // Message fields.
    static final String ORIGIN = "o";
    static final String SEQ = "seq";
    static final String TARGET_ID = "tid";
    static final String TARGET = "ta";
    static final String NACK_WANTED = "nack";
    static final String RUMORS = "r";
    static final String JOIN = "join";
    static final String MEMBERS = "m";
    static final String DIGEST = "dg";
    static final String ENTRIES = "e";
    static final String WANTED_KEYS = "want";

    // Message types.
    static final String PING = "ping";
    static final String INDIRECT_PING = "ping-req";
    static final String ACK = "ack";
    static final String NACK = "nack";
    static final String GOSSIP = "gossip";
    static final String SYNC_REQUEST = "sync-req";
    static final String SYNC_RESPONSE = "sync-resp";
    static final String METADATA_PUSH = "meta-push";
    static final String DIRECT_MESSAGE = "msg";
    static final String DIRECT_REPLY = "reply";
    static final String QUERY_REPLY = "q-reply";

    // Origin and member fields.
    static final String ID = "id";
    static final String ADDRESS = "a";
    static final String NAME = "n";
    static final String STATE = "s";
    static final String INCARNATION = "i";
    static final String TAGS = "tags";

    // Rumor types and the member rumor's extra field.
    static final String MEMBER_RUMOR = "mem";
    static final String METADATA_RUMOR = "meta";
    static final String REPORTER = "by";

    // Messaging: user event and query rumors, direct messages, replies. Payloads are base64.
    static final String USER_EVENT_RUMOR = "ev";
    static final String QUERY_RUMOR = "query";
    static final String LAMPORT = "lt";
    static final String PAYLOAD = "p";
    static final String COALESCE = "co";
    static final String TAG_FILTER = "tf";
    static final String NODE_IDS = "ids";
    static final String TIMEOUT_MILLIS = "to";
    static final String WANT_ACK = "wa";
    static final String REQUEST_ID = "rid";
    static final String TOPIC = "tp";
    static final String REPLY_WANTED = "rw";
    static final String STATUS = "st";
    static final String ERROR = "err";
    static final String QUERY_ID = "qid";
    static final String IS_ACK = "ack";

    // Metadata entry and digest fields.
    static final String KEY = "k";
    static final String VALUE = "val";
    static final String HLC = "ver";
    static final String HASH = "h";
    static final String KEY_VERSIONS = "kv";

    private WireNames() {
    }
}

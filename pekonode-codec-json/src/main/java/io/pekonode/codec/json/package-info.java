/**
 * The {@code json} codec: every {@link io.pekonode.api.spi.wire.WireMessage} as one small JSON object.
 *
 * <h2>Why Jackson 2.x, and only its streaming API</h2>
 * Jackson 2.x (2.22) rather than Jackson 3: 2.x is what most users' class paths already carry, so
 * adding PekoNode brings no second JSON stack; its jars are real JPMS modules
 * ({@code com.fasterxml.jackson.core}, {@code com.fasterxml.jackson.databind}); and it supports
 * Java 17, our baseline. Of it we use only jackson-core's {@code JsonGenerator}/{@code JsonParser}
 * with hand-written mapping, never databinding: reflection over the api records would need
 * {@code opens} in {@code io.pekonode.api} and would accept shapes we never wrote. The streaming
 * reader also lets every count and length be checked before anything is allocated for it.
 *
 * <h2>Wire format, protocol version 1</h2>
 * A message is a UTF-8 JSON object (compressed when it is large, see below) whose first field is
 * {@code "v":1} and second {@code "t"} (its type); the remaining fields may come in any order.
 * {@code "v"} comes first so that a later version may change everything after it and still be
 * reported as an unknown version. Field names are short because a packet holds 1400 bytes; every
 * field is required, a few may be {@code null}.
 * <pre>
 * type        "t"          fields besides "v", "t" and "o" (origin)
 * Ping        "ping"       "seq", "tid" (target id, nullable), "r" (rumors)
 * IndirectPing "ping-req"  "seq", "tid" (nullable), "ta" (target address), "nack" (Lifeguard nack wanted), "r"
 * Ack         "ack"        "seq", "r"
 * Nack        "nack"       "seq"
 * Gossip      "gossip"     "r"
 * SyncRequest "sync-req"   "join", "m" (members), "dg" (digest)
 * SyncResponse "sync-resp" "m", "e" (entries), "want" (wanted keys)
 * MetadataPush "meta-push" "e"
 * DirectMessage "msg"      "rid" (request id), "tp" (topic), "p" (payload), "rw" (reply wanted)
 * DirectReply "reply"      "rid", "st" ("OK"|"NO_HANDLER"|"HANDLER_FAILED"), "p", "err" (handler error text)
 * QueryReply  "q-reply"    "qid" (query id), "ack" (true: an ack, false: a response), "p"
 *
 * origin      {"id":"n1","a":"10.0.0.1:7946"}
 * address     "host:port", IPv6 in brackets: "[fd00::1]:7946"
 * member      {"id":..,"n":name,"a":address,"s":"ALIVE"|"SUSPECT"|"DEAD"|"LEFT","i":incarnation,"tags":{"k":"v"}}
 * rumor       {"t":"mem", ..member fields.., "by":reporterId}  or  {"t":"meta", ..entry fields..}
 *             or {"t":"ev","id":originId,"lt":lamportTime,"n":name,"p":payload,"co":coalesce}
 *             or {"t":"query","o":origin,"lt":lamportTime,"n":name,"p":payload,"tf":{"tag":"regex"},
 *                 "ids":[nodeId, ...],"to":timeoutMillis (not negative),"wa":wantAck}
 * payload     base64 (RFC 4648, padded), "" when empty
 * entry       {"k":key,"val":base64 or null (tombstone),"ver":hlc}
 * hlc         [physicalMillis, logical, "nodeId"]
 * digest      {"h":"16 lower-case hex digits","kv":[[key, hlc], ...]}
 * </pre>
 * A Ping with two rumors (323 bytes):
 * <pre>
 * {"v":1,"t":"ping","o":{"id":"n1","a":"10.0.0.1:7946"},"seq":7,"tid":"n2","r":[
 *   {"t":"mem","id":"n3","n":"node-3","a":"[fd00::3]:7946","s":"SUSPECT","i":4,"tags":{"zone":"eu-1"},"by":"n1"},
 *   {"t":"meta","k":"config","val":"aGVsbG8=","ver":[1732190000123,0,"n2"]},
 *   {"t":"meta","k":"old","val":null,"ver":[1732190000456,2,"n3"]}]}
 * </pre>
 * Sizes in bytes, for ASCII strings without escapes (|x| is the length of x; a non-ASCII character
 * takes its UTF-8 length, a control character up to 6): a Ping is 62 + |origin id| + |origin
 * address| + |seq digits| + |target id| (2 more when it is null) before its rumors; each member
 * rumor adds 64 + |id| + |name| + |address| + |state| + |incarnation digits| + |reporter id|, plus
 * (|key| + |value| + 6) per tag less 1 if it has tags; each metadata rumor adds 42 + |key| +
 * 4&times;ceil(value bytes / 3) (2 for a tombstone) + |millis digits| + |counter digits| + |node
 * id|; the first rumor is one byte less (no comma). So a 1400-byte packet holds a Ping with 8
 * typical member rumors when ids are 22 characters (1,293 bytes), but only 7 with 36-character
 * UUID strings. A user event rumor adds 49 + |origin id| + |lamport digits| + |name| +
 * 4&times;ceil(payload bytes / 3), one more when it does not coalesce ({@code PacketBudgetTest}
 * checks these figures).
 *
 * <h2>Compression</h2>
 * An encoding longer than 512 bytes ({@code JsonCodec.COMPRESS_ABOVE}) is sent as a zlib stream
 * (RFC 1950: deflate with a 32 KiB window, the JDK's {@link java.util.zip.Deflater} at its default
 * level) when that is shorter, which for JSON it practically always is; shorter encodings are sent
 * as they are. There is no flag: a zlib stream's first byte is {@code 0x78} and a JSON message's is
 * an opening brace ({@code 0x7B}), so the reader inflates input that starts with {@code 0x78} and parses the result as
 * the JSON above (which must not be compressed again); anything else it parses as JSON. A reader
 * accepts either form at any size, so a peer may compress more or less than this codec does.
 * Measured: the anti-entropy exchange of 100 members with 36-character UUID ids, IPv4 addresses
 * and two tags shrinks from 13.6 KB (136 bytes a member) to about 3.4 KB (34 bytes a member); the
 * full packet of 8 member rumors above (1,293 bytes) to about 270 bytes; a rumor-less Ping (about
 * 150 bytes) stays JSON. Packets are still filled by the JSON sizes below, so compression makes them
 * smaller but does not put more rumors in them. Compression happens before the engine seals a
 * frame, so an encrypted frame's length reveals how well its content compressed; for gossip state,
 * which every member receives anyway, that is accepted, as memberlist accepts it.
 *
 * <h2>Payload bounds</h2>
 * Gossiped payloads (user events, queries) are bounded like metadata values, by
 * {@code maxValueBytes}: they ride in UDP packets and in every node's rumor buffer. Point-to-point
 * payloads (direct messages, replies, query replies) are bounded only by {@code maxMessageBytes},
 * so a 1 MiB request works over the reliable path with the default 8 MiB limit. A query's tag
 * filter holds at most {@code maxTags} entries, its node id list at most {@code maxMembers}; names,
 * topics, ids and filter expressions at most {@code maxStringLength} characters. The one exception
 * is a reply's {@code "err"}: it is only informative, so a longer text is cut to
 * {@code maxStringLength} (never inside a surrogate pair) rather than refused, and the caller still
 * learns that the handler failed. An unknown {@code "st"} is an
 * {@link io.pekonode.api.spi.codec.DecodeException.Reason#INVALID_FIELD INVALID_FIELD}, as is an
 * unknown member state: new values come with a new protocol version.
 *
 * <h2>Decoding is a trust boundary</h2>
 * The reader checks the input length against {@link io.pekonode.api.spi.codec.DecodeLimits} first.
 * A compressed message is inflated into at most {@code maxMessageBytes}, the buffer growing as it
 * fills: one byte more is refused as {@code OVERSIZED}, so a decompression bomb costs no more memory
 * or work than a plain message of the limit's size; corrupt deflate data, a wrong checksum, a
 * preset dictionary or bytes after the stream are {@code MALFORMED}, a stream cut short is
 * {@code TRUNCATED}. The reader then lets Jackson bound nesting depth, string, name and number
 * lengths, and checks every string, value and count against the limits as it reads, before it
 * allocates. Duplicate or unknown fields, wrong JSON types, missing fields and trailing data are
 * rejected. Every failure is a {@link io.pekonode.api.spi.codec.DecodeException}; its reason tells
 * the engine's metrics what went wrong.
 *
 * <h2>Boundaries</h2>
 * The package knows the API's SPI alone (wire records, codec SPI): never the engine, a transport
 * or another plugin. It encodes and decodes; framing, checksums and encryption are the engine's.
 */
package io.pekonode.codec.json;

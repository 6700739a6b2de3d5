/**
 * The {@code json} codec: every {@link io.pekonode.api.wire.WireMessage} as one small JSON object.
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
 * A message is a UTF-8 JSON object whose first field is {@code "v":1} and second {@code "t"} (its
 * type); the remaining fields may come in any order. {@code "v"} comes first so that a later
 * version may change everything after it and still be reported as an unknown version. Field names
 * are short because a packet holds 1400 bytes; every field is required, a few may be {@code null}.
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
 *
 * origin      {"id":"n1","a":"10.0.0.1:7946"}
 * address     "host:port", IPv6 in brackets: "[fd00::1]:7946"
 * member      {"id":..,"n":name,"a":address,"s":"ALIVE"|"SUSPECT"|"DEAD"|"LEFT","i":incarnation,"tags":{"k":"v"}}
 * rumor       {"t":"mem", ..member fields.., "by":reporterId}  or  {"t":"meta", ..entry fields..}
 * entry       {"k":key,"val":base64 or null (tombstone),"ver":hlc}
 * hlc         [physicalMillis, logical, "nodeId"]
 * digest      {"h":"16 lower-case hex digits","kv":[[key, hlc], ...]}
 * </pre>
 * Example, 8 member rumors with 36-character ids, which the codec's tests measure against the
 * 1400-byte packet budget:
 * <pre>
 * {"v":1,"t":"ping","o":{"id":"..","a":"10.0.0.1:7946"},"seq":42,"tid":"..","r":[
 *   {"t":"mem","id":"..","n":"node-2","a":"10.0.0.2:7946","s":"ALIVE","i":3,"tags":{"zone":"eu-1"},"by":".."}, ...]}
 * </pre>
 *
 * <h2>Decoding is a trust boundary</h2>
 * The reader checks the input length against {@link io.pekonode.api.spi.codec.DecodeLimits} first,
 * lets Jackson bound nesting depth, string, name and number lengths, then checks every string,
 * value and count against the limits as it reads, before it allocates. Duplicate or unknown fields,
 * wrong JSON types, missing fields and trailing data are rejected. Every failure is a
 * {@link io.pekonode.api.spi.codec.DecodeException}; its reason tells the engine's metrics what
 * went wrong.
 */
package io.pekonode.codec.json;

package io.pekonode.codec.json;

import static io.pekonode.api.spi.codec.DecodeException.Reason.INVALID_FIELD;
import static io.pekonode.api.spi.codec.DecodeException.Reason.MALFORMED;
import static io.pekonode.api.spi.codec.DecodeException.Reason.OVERSIZED;
import static io.pekonode.api.spi.codec.DecodeException.Reason.TRUNCATED;
import static io.pekonode.api.spi.codec.DecodeException.Reason.UNKNOWN_TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeException.Reason;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.DirectMessage;
import io.pekonode.api.spi.wire.DirectReply;
import io.pekonode.api.spi.wire.QueryReply;
import io.pekonode.api.spi.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding is a trust boundary: whatever arrives, the caller gets a message or a
 * {@link DecodeException} with a sensible reason, never another exception.
 */
class HostileInputTest {

    /** Small limits, so that every limit can be crossed with a short input. */
    private static final DecodeLimits SMALL = new DecodeLimits(4096, 16, 8, 2, 3, 2, 3);

    private final Codec codec = new JsonCodec(DecodeLimits.defaults());
    private final Codec strict = new JsonCodec(SMALL);

    private static final String PING_HEAD = "{'v':1,'t':'ping','o':{'id':'a','a':'h:1'},'seq':1,'tid':null,";
    private static final String MEMBER = "{'id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{}}";
    private static final String MEMBER_RUMOR = "{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{},'by':'a'}";
    private static final String META_RUMOR = "{'t':'meta','k':'x','val':'AA==','ver':[1,0,'a']}";
    private static final String SYNC_HEAD = "{'v':1,'t':'sync-req','o':{'id':'a','a':'h:1'},'join':false,";
    private static final String RESP_HEAD = "{'v':1,'t':'sync-resp','o':{'id':'a','a':'h:1'},";
    private static final String GOSSIP_HEAD = "{'v':1,'t':'gossip','o':{'id':'a','a':'h:1'},";
    private static final String EVENT = "{'t':'ev','id':'a','lt':1,'n':'e','p':'AA==','co':false}";
    private static final String QUERY = "{'t':'query','o':{'id':'a','a':'h:1'},'lt':1,'n':'q','p':'AA==','tf':{'k':'v.*'},"
            + "'ids':['b'],'to':100,'wa':true}";
    private static final String MSG = "{'v':1,'t':'msg','o':{'id':'a','a':'h:1'},'rid':1,'tp':'x','p':'AA==','rw':true}";
    private static final String REPLY = "{'v':1,'t':'reply','o':{'id':'a','a':'h:1'},'rid':1,'st':'OK','p':'AA==','err':''}";
    private static final String QREPLY = "{'v':1,'t':'q-reply','o':{'id':'a','a':'h:1'},'qid':1,'ack':false,'p':'AA=='}";

    @Test
    void theFixturesThemselvesAreValid() throws DecodeException {
        codec.decode(json(PING_HEAD + "'r':[" + MEMBER_RUMOR + "," + META_RUMOR + "]}"));
        codec.decode(json(SYNC_HEAD + "'m':[" + MEMBER + "],'dg':{'h':'00000000000000ff','kv':[['x',[1,0,'a']]]}}"));
        codec.decode(json(RESP_HEAD + "'m':[],'e':[{'k':'x','val':null,'ver':[1,0,'a']}],'want':['y']}"));
        strict.decode(json(PING_HEAD + "'r':[" + MEMBER_RUMOR + "," + META_RUMOR + "]}"));
        for (Codec c : List.of(codec, strict)) {
            c.decode(json(GOSSIP_HEAD + "'r':[" + EVENT + "," + QUERY + "]}"));
            c.decode(json(MSG));
            c.decode(json(REPLY));
            c.decode(json(QREPLY));
        }
    }

    @Test
    void truncationsOfAOneMebibyteDirectMessageAreReportedAsTruncated() {
        byte[] payload = new byte[1 << 20];
        new Random(3).nextBytes(payload);
        byte[] encoded = codec.encode(new DirectMessage(Samples.ORIGIN, 1, "t", payload, true));
        // The JSON and the compressed form it travels in (base64 of random bytes still shrinks by a fifth).
        for (byte[] full : List.of(Zlib.json(encoded), encoded)) {
            // Every length would take minutes on 1.4 MB; cut inside the header, the payload and the tail.
            for (int length : new int[] {1, 10, 60, 80, full.length / 2, full.length - 20, full.length - 1}) {
                byte[] prefix = Arrays.copyOf(full, length);
                assertEquals(TRUNCATED, assertThrows(DecodeException.class, () -> codec.decode(prefix)).reason(),
                        "prefix of " + length + " of " + full.length);
            }
        }
        assertTrue(Zlib.isCompressed(encoded));
    }

    @Test
    void nullAndEmptyInput() {
        assertReason(MALFORMED, codec, null);
        assertReason(TRUNCATED, codec, new byte[0]);
        assertReason(TRUNCATED, codec, json("  \n "));
    }

    @Test
    void randomBytesNeverEscapeAsUncheckedExceptions() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 3000; i++) {
            byte[] data = new byte[random.nextInt(200)];
            random.nextBytes(data);
            if (i % 2 == 0 && data.length > 0) {
                data[0] = '{';  // get past the first byte more often
            } else if (i % 4 == 1 && data.length > 0) {
                data[0] = 0x78;  // as if compressed
            }
            decodeSafely(codec, data, "random input #" + i);
        }
    }

    @Test
    void everyTruncationOfAValidMessageIsReportedAsTruncated() {
        for (WireMessage message : Samples.everyType()) {
            byte[] full = Zlib.json(codec.encode(message));  // CompressionTest cuts compressed messages
            for (int length = 0; length < full.length; length++) {
                byte[] prefix = java.util.Arrays.copyOf(full, length);
                DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(prefix));
                // Cutting a multi-byte UTF-8 character in half leaves invalid UTF-8, which is malformed.
                if (e.reason() != TRUNCATED && !(e.reason() == MALFORMED && splitsUtf8(full, length))) {
                    fail("prefix of " + length + "/" + full.length + " bytes of " + message.getClass().getSimpleName()
                            + ": " + e.getMessage());
                }
            }
        }
    }

    /** Bytes that keep a mutated message JSON-like, so mutations get past the tokenizer more often. */
    private static final String JSON_CHARS = "{}[]\",:0123456789-eE.\\ntrufalse \u0000";

    @Test
    void singleByteMutationsNeverEscapeAsUncheckedExceptions() {
        Random random = new Random(7946L);
        List<byte[]> valid = new ArrayList<>();
        for (WireMessage message : Samples.everyType()) {
            byte[] encoded = codec.encode(message);
            valid.add(Zlib.json(encoded));
            if (Zlib.isCompressed(encoded)) {
                valid.add(encoded);
            }
        }
        for (int i = 0; i < 3000; i++) {
            byte[] data = valid.get(i % valid.size()).clone();
            int position = random.nextInt(data.length);
            data[position] = (byte) (i % 3 == 0 ? random.nextInt(256) : JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length())));
            decodeSafely(codec, data, "mutation #" + i + " at " + position);
        }
    }

    @Test
    void deepNestingIsRefusedWithoutRecursion() {
        String deep = "[".repeat(50_000) + "]".repeat(50_000);
        assertReason(MALFORMED, codec, json(deep));
        assertReason(MALFORMED, codec, json(PING_HEAD + "'r':" + deep + "}"));
        assertReason(MALFORMED, codec, json(PING_HEAD + "'r':[{'t':'mem','tags':" + "{'a':".repeat(1000) + "1"
                + "}".repeat(1000) + "}]}"));
    }

    @Test
    void jacksonsOwnBoundsBackUpTheReader() {
        // Jackson refuses these while tokenising, before the reader sees the value.
        String nack = "{'v':1,'t':'nack','o':{'id':'ID','a':'h:1'},'seq':SEQ}";
        assertJacksonRefuses(codec, json(nack.replace("ID", "a").replace("SEQ", "1" + "0".repeat(30))));
        // Jackson checks name lengths as its buffers grow, so use lengths well past the limit. It bounds
        // strings only at the message size (a direct message's payload may fill a message), so the
        // reader refuses a long id itself.
        Codec shortStrings = new JsonCodec(new DecodeLimits(1 << 20, 16, 8, 2, 3, 2, 3));
        assertReason(OVERSIZED, shortStrings, json(nack.replace("ID", "x".repeat(100_000)).replace("SEQ", "1")));
        assertJacksonRefuses(shortStrings, json(nack.replace("'seq'", "'" + "x".repeat(100_000) + "'")
                .replace("SEQ", "1").replace("ID", "a")));
    }

    @Test
    void aMessageOverTheByteLimitIsRefusedBeforeParsing() {
        byte[] big = new byte[SMALL.maxMessageBytes() + 1];
        java.util.Arrays.fill(big, (byte) '!');
        assertReason(OVERSIZED, strict, big);
    }

    @Test
    void directPayloadsAreBoundedByTheMessageLimit() {
        // Raw bytes under the message limit whose base64 is not: the message is too big as a whole.
        byte[] payload = new byte[SMALL.maxMessageBytes() - 100];
        for (WireMessage message : List.<WireMessage>of(
                new DirectMessage(Samples.ORIGIN, 1, "t", payload, true),
                new DirectReply(Samples.ORIGIN, 1, DirectReply.Status.OK, payload, ""),
                new QueryReply(Samples.ORIGIN, 1, false, payload))) {
            assertReason(OVERSIZED, strict, codec.encode(message));
        }
    }

    /** Bad messaging records, each a valid fixture with one thing changed. */
    static Stream<Arguments> badMessagingInput() {
        String q = GOSSIP_HEAD + "'r':[" + QUERY + "]}";
        String e = GOSSIP_HEAD + "'r':[" + EVENT + "]}";
        return Stream.of(
                arguments("unknown reply status", INVALID_FIELD, REPLY.replace("'OK'", "'TIMEOUT'")),
                arguments("reply status lower case", INVALID_FIELD, REPLY.replace("'OK'", "'ok'")),
                arguments("reply status as number", MALFORMED, REPLY.replace("'OK'", "0")),
                arguments("reply error missing", INVALID_FIELD, REPLY.replace(",'err':''", "")),
                arguments("reply error null", MALFORMED, REPLY.replace("'err':''", "'err':null")),
                arguments("msg payload missing", INVALID_FIELD, MSG.replace("'p':'AA==',", "")),
                arguments("msg payload null", MALFORMED, MSG.replace("'AA=='", "null")),
                arguments("msg payload not padded", INVALID_FIELD, MSG.replace("'AA=='", "'AA'")),
                arguments("msg payload not base64", INVALID_FIELD, MSG.replace("'AA=='", "'!!!!'")),
                arguments("msg payload as array", MALFORMED, MSG.replace("'AA=='", "[0]")),
                arguments("msg reply wanted as string", MALFORMED, MSG.replace("true", "'true'")),
                arguments("msg request id as decimal", MALFORMED, MSG.replace("'rid':1", "'rid':1.5")),
                arguments("msg topic missing", INVALID_FIELD, MSG.replace("'tp':'x',", "")),
                arguments("msg unknown field", MALFORMED, MSG.replace("'rw'", "'x':1,'rw'")),
                arguments("msg duplicate field", MALFORMED, MSG.replace("'rw'", "'rid':2,'rw'")),
                arguments("msg origin missing", INVALID_FIELD, MSG.replace("'o':{'id':'a','a':'h:1'},", "")),
                arguments("q-reply ack missing", INVALID_FIELD, QREPLY.replace("'ack':false,", "")),
                arguments("q-reply ack as number", MALFORMED, QREPLY.replace("false", "0")),
                arguments("event without type first", MALFORMED, GOSSIP_HEAD + "'r':[{'id':'a','t':'ev'}]}"),
                arguments("event coalesce missing", INVALID_FIELD, e.replace(",'co':false", "")),
                arguments("event with a member field", MALFORMED, e.replace("'co'", "'by':'a','co'")),
                arguments("event lamport as string", MALFORMED, e.replace("'lt':1", "'lt':'1'")),
                arguments("event lamport over 64 bits", INVALID_FIELD, e.replace("'lt':1", "'lt':9223372036854775808")),
                arguments("query negative timeout", INVALID_FIELD, q.replace("'to':100", "'to':-1")),
                arguments("query filter as array", MALFORMED, q.replace("{'k':'v.*'}", "[]")),
                arguments("query filter value number", MALFORMED, q.replace("'v.*'", "1")),
                arguments("query duplicate filter key", MALFORMED, q.replace("'k':'v.*'", "'k':'1','k':'2'")),
                arguments("query node ids as object", MALFORMED, q.replace("['b']", "{}")),
                arguments("query node id as number", MALFORMED, q.replace("'b'", "1")),
                arguments("query origin as string", MALFORMED, q.replace("{'id':'a','a':'h:1'},'lt'", "'a','lt'")),
                arguments("query want ack missing", INVALID_FIELD, q.replace(",'wa':true", "")),
                arguments("query unknown field", MALFORMED, q.replace("'wa'", "'co':true,'wa'")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMessagingInput")
    void badMessagingInputGetsTheRightReason(String name, Reason expected, String text) {
        assertReason(expected, codec, json(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        too many rumors             | PING_HEAD'r':[META_RUMOR,META_RUMOR,1]}
        too many tags               | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{'a':'','b':'','c':1},'by':'a'}]}
        id too long                 | PING_HEAD'r':[{'t':'mem','id':'0123456789abcdefg','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        tag key too long            | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{'0123456789abcdefg':''},'by':'a'}]}
        value too long as base64    | PING_HEAD'r':[{'t':'meta','k':'x','val':'AAAAAAAAAAAAAAAA','ver':[1,0,'a']}]}
        value too long once decoded | PING_HEAD'r':[{'t':'meta','k':'x','val':'AAAAAAAAAAAA','ver':[1,0,'a']}]}
        host too long               | {'v':1,'t':'nack','o':{'id':'a','a':'0123456789abcdefg:1'},'seq':1}
        event payload over value    | GOSSIP_HEAD'r':[{'t':'ev','id':'a','lt':1,'n':'e','p':'AAAAAAAAAAAA','co':false}]}
        event name too long         | GOSSIP_HEAD'r':[{'t':'ev','id':'a','lt':1,'n':'0123456789abcdefg','p':'','co':false}]}
        event origin id too long    | GOSSIP_HEAD'r':[{'t':'ev','id':'0123456789abcdefg','lt':1,'n':'e','p':'','co':false}]}
        query payload over value    | GOSSIP_HEAD'r':[{'t':'query','p':'AAAAAAAAAAAAAAAA'}]}
        query name too long         | GOSSIP_HEAD'r':[{'t':'query','n':'0123456789abcdefg'}]}
        too many tag filters        | GOSSIP_HEAD'r':[{'t':'query','tf':{'a':'','b':'','c':1}}]}
        tag filter regex too long   | GOSSIP_HEAD'r':[{'t':'query','tf':{'a':'0123456789abcdefg'}}]}
        too many node ids           | GOSSIP_HEAD'r':[{'t':'query','ids':['a','b','c',1]}]}
        node id too long            | GOSSIP_HEAD'r':[{'t':'query','ids':['0123456789abcdefg']}]}
        topic too long              | {'v':1,'t':'msg','o':{'id':'a','a':'h:1'},'tp':'0123456789abcdefg'}
        """)
    void limitsAreCheckedBeforeTheValueIsBuilt(String name, String template) {
        String text = template.replace("PING_HEAD", PING_HEAD).replace("META_RUMOR", META_RUMOR)
                .replace("GOSSIP_HEAD", GOSSIP_HEAD);
        assertReason(OVERSIZED, strict, json(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        too many members      | SYNC_HEAD'm':[MEMBER,MEMBER,MEMBER,1],'dg':{'h':'0000000000000000','kv':[]}}
        too many digest lines | SYNC_HEAD'm':[],'dg':{'h':'0000000000000000','kv':[['a',[1,0,'a']],['b',[1,0,'a']],['c',[1,0,'a']],1]}}
        too many entries      | RESP_HEAD'm':[],'e':[{},{},{},1],'want':[]}
        too many wanted keys  | RESP_HEAD'm':[],'e':[],'want':['a','b','c',1]}
        """)
    void countsAreCheckedBeforeTheNextElementIsRead(String name, String template) {
        // The element after the limit is garbage: the count check must fire before it is read.
        String text = template.replace("SYNC_HEAD", SYNC_HEAD).replace("RESP_HEAD", RESP_HEAD).replace("MEMBER", MEMBER);
        if (name.contains("entries")) {
            String entry = "{'k':'x','val':null,'ver':[1,0,'a']}";
            text = text.replace("{},{},{}", entry + "," + entry + "," + entry);
        }
        assertReason(OVERSIZED, strict, json(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        array at the top           | MALFORMED     | []
        number at the top          | MALFORMED     | 1
        no version                 | INVALID_FIELD | {}
        type before version        | MALFORMED     | {'t':'ping','v':1}
        version as string          | MALFORMED     | {'v':'1','t':'ping'}
        version 2                  | UNKNOWN_TYPE  | {'v':2,'t':'ping','whatever':[]}
        huge version               | UNKNOWN_TYPE  | {'v':99999999999999999999,'t':'ping'}
        version only               | INVALID_FIELD | {'v':1}
        unknown type               | UNKNOWN_TYPE  | {'v':1,'t':'pong','o':{}}
        type as number             | MALFORMED     | {'v':1,'t':7}
        unknown field              | MALFORMED     | PING_HEAD'r':[],'extra':1}
        duplicate field            | MALFORMED     | PING_HEAD'r':[],'seq':2}
        duplicate tag              | MALFORMED     | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{'x':'1','x':'2'},'by':'a'}]}
        missing field              | INVALID_FIELD | {'v':1,'t':'ping','o':{'id':'a','a':'h:1'},'tid':null,'r':[]}
        missing nullable field     | INVALID_FIELD | {'v':1,'t':'ping','o':{'id':'a','a':'h:1'},'seq':1,'r':[]}
        seq as string              | MALFORMED     | {'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':'1'}
        seq as decimal             | MALFORMED     | {'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':1.5}
        seq over 64 bits           | INVALID_FIELD | {'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':9223372036854775808}
        origin as string           | MALFORMED     | {'v':1,'t':'nack','o':'a','seq':1}
        origin without address     | INVALID_FIELD | {'v':1,'t':'nack','o':{'id':'a'},'seq':1}
        rumors as object           | MALFORMED     | PING_HEAD'r':{}}
        rumor without type first   | MALFORMED     | PING_HEAD'r':[{'id':'b','t':'mem'}]}
        unknown rumor type         | UNKNOWN_TYPE  | PING_HEAD'r':[{'t':'event','name':'x'}]}
        member field in meta rumor | MALFORMED     | PING_HEAD'r':[{'t':'meta','k':'x','val':null,'ver':[1,0,'a'],'by':'a'}]}
        rumor missing reporter     | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{}}]}
        unknown state              | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'alive','i':0,'tags':{},'by':'a'}]}
        incarnation as string      | MALFORMED     | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':'0','tags':{},'by':'a'}]}
        tags as array              | MALFORMED     | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':[],'by':'a'}]}
        tag value as number        | MALFORMED     | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:2','s':'ALIVE','i':0,'tags':{'x':1},'by':'a'}]}
        address without port       | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        port out of range          | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:65536','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        signed port                | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'h:+1','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        blank host                 | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':' :1','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        ipv6 without brackets      | INVALID_FIELD | PING_HEAD'r':[{'t':'mem','id':'b','n':'b','a':'::1:80','s':'ALIVE','i':0,'tags':{},'by':'a'}]}
        value not base64           | INVALID_FIELD | PING_HEAD'r':[{'t':'meta','k':'x','val':'!!!!','ver':[1,0,'a']}]}
        value not padded           | INVALID_FIELD | PING_HEAD'r':[{'t':'meta','k':'x','val':'AA','ver':[1,0,'a']}]}
        value as array             | MALFORMED     | PING_HEAD'r':[{'t':'meta','k':'x','val':[0],'ver':[1,0,'a']}]}
        tombstone without val      | INVALID_FIELD | PING_HEAD'r':[{'t':'meta','k':'x','ver':[1,0,'a']}]}
        hlc too short              | MALFORMED     | PING_HEAD'r':[{'t':'meta','k':'x','val':null,'ver':[1,0]}]}
        hlc too long               | MALFORMED     | PING_HEAD'r':[{'t':'meta','k':'x','val':null,'ver':[1,0,'a',4]}]}
        hlc negative               | INVALID_FIELD | PING_HEAD'r':[{'t':'meta','k':'x','val':null,'ver':[-1,0,'a']}]}
        hlc counter over 32 bits   | INVALID_FIELD | PING_HEAD'r':[{'t':'meta','k':'x','val':null,'ver':[1,2147483648,'a']}]}
        digest hash not hex        | INVALID_FIELD | SYNC_HEAD'm':[],'dg':{'h':'0000000000000g00','kv':[]}}
        digest hash upper case     | INVALID_FIELD | SYNC_HEAD'm':[],'dg':{'h':'00000000000000FF','kv':[]}}
        digest line as object      | MALFORMED     | SYNC_HEAD'm':[],'dg':{'h':'0000000000000000','kv':[{'k':'x'}]}}
        join as string             | MALFORMED     | {'v':1,'t':'sync-req','o':{'id':'a','a':'h:1'},'join':'yes','m':[],'dg':{'h':'0000000000000000','kv':[]}}
        trailing object            | MALFORMED     | {'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':1}{}
        trailing garbage           | MALFORMED     | {'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':1}x
        comment                    | MALFORMED     | {'v':1,/*hi*/'t':'nack','o':{'id':'a','a':'h:1'},'seq':1}
        """)
    void targetedBadInputGetsTheRightReason(String name, Reason expected, String template) {
        String text = template.replace("PING_HEAD", PING_HEAD).replace("SYNC_HEAD", SYNC_HEAD);
        assertReason(expected, codec, json(text));
    }

    @Test
    void trailingWhitespaceIsFine() throws DecodeException {
        codec.decode(json("{'v':1,'t':'nack','o':{'id':'a','a':'h:1'},'seq':1} \n"));
    }

    @Test
    void inputThatIsNotUtf8IsMalformed() {
        String nack = "{\"v\":1,\"t\":\"nack\",\"o\":{\"id\":\"a\",\"a\":\"h:1\"},\"seq\":1}";
        assertReason(MALFORMED, codec, nack.getBytes(StandardCharsets.UTF_16));
        assertReason(MALFORMED, codec, nack.getBytes(StandardCharsets.UTF_16LE));
        byte[] badUtf8 = nack.replace("\"a\",", "\"\u00ff\",").getBytes(StandardCharsets.ISO_8859_1);
        assertReason(MALFORMED, codec, badUtf8);
    }

    private static void assertJacksonRefuses(Codec codec, byte[] data) {
        DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(data));
        assertEquals(OVERSIZED, e.reason(), e::getMessage);
        assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException, e::getMessage);
    }

    private static void assertReason(Reason expected, Codec codec, byte[] data) {
        DecodeException e = assertThrows(DecodeException.class, () -> codec.decode(data),
                () -> "should be refused: " + (data == null ? "null" : new String(data, StandardCharsets.UTF_8)));
        assertEquals(expected, e.reason(), e::getMessage);
    }

    /** Decodes, accepting a DecodeException; a decoded message must re-encode to the same message. */
    private static void decodeSafely(Codec codec, byte[] data, String what) {
        WireMessage decoded;
        try {
            decoded = codec.decode(data);
        } catch (DecodeException expected) {
            assertTrue(Set.of(Reason.values()).contains(expected.reason()));
            return;
        } catch (Throwable unexpected) {
            throw new AssertionError(what + " escaped as " + unexpected, unexpected);
        }
        try {
            assertEquals(decoded, codec.decode(codec.encode(decoded)), what);
        } catch (DecodeException e) {
            throw new AssertionError(what + " decoded but its re-encoding did not", e);
        }
    }

    private static boolean splitsUtf8(byte[] data, int length) {
        return length < data.length && (data[length] & 0xC0) == 0x80;
    }

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}

package io.pekonode.codec.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.pekonode.api.spi.codec.Codec;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeException.Reason;
import io.pekonode.api.spi.codec.DecodeLimits;
import io.pekonode.api.spi.wire.WireMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The JSON codec (see the package documentation for the format). Thread-safe: each call uses its
 * own generator or parser from one shared, immutable factory, and its own {@link Deflater} or
 * {@link Inflater}, released before the call returns.
 */
public final class JsonCodec implements Codec {

    /**
     * Encodings longer than this are deflated. Measured on typical traffic (36-character UUID ids,
     * IPv4 addresses, two tags): a rumor-less Ping (about 150 bytes) would shrink only to 84 %, not
     * worth a compressor's setup on every probe; a Ping with two member rumors (about 530 bytes) to
     * 46 %, one with six (about 1,280 bytes) to 30 %, a 100-member state exchange (13.6 KB) to 25 %.
     * So the probes, acks and short gossip packets that make up most idle traffic stay plain JSON,
     * and anything larger, above all the anti-entropy exchange, travels compressed.
     */
    static final int COMPRESS_ABOVE = 512;
    /** The first byte of every zlib stream the JDK writes (deflate, 32 KiB window); JSON starts with '{'. */
    static final byte ZLIB_FIRST_BYTE = 0x78;

    /** The deepest valid message nests five levels (message, digest, lines, line, version). */
    static final int MAX_NESTING_DEPTH = 8;
    /** Enough digits for any 64-bit integer; longer numbers are refused before they are parsed. */
    static final int MAX_NUMBER_LENGTH = 20;

    private final DecodeLimits limits;
    private final JsonFactory factory;

    public JsonCodec(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.factory = factory(limits);
    }

    /**
     * @throws NullPointerException if a required component of the message is {@code null}
     *         (the records allow it, the wire format does not)
     */
    @Override
    public byte[] encode(WireMessage message) {
        Objects.requireNonNull(message, "message");
        ByteArrayBuilder buffer = new ByteArrayBuilder(512);
        try (JsonGenerator generator = factory.createGenerator(buffer)) {
            new MessageWriter(generator).write(message);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        byte[] json = buffer.toByteArray();
        return json.length > COMPRESS_ABOVE ? deflateIfSmaller(json) : json;
    }

    /**
     * The zlib form of {@code json} when it is shorter, else {@code json} itself. A fresh deflater per
     * call: one kept per thread and reset was timed no faster (0.7 to 13.7 KB messages, within a few
     * per cent either way), since the allocator hands the released zlib state straight back.
     */
    static byte[] deflateIfSmaller(byte[] json) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(json);
            deflater.finish();
            byte[] out = new byte[json.length - 1];  // anything that needs more is not smaller
            int size = 0;
            while (!deflater.finished()) {
                if (size == out.length) {
                    return json;
                }
                size += deflater.deflate(out, size, out.length - size);
            }
            return Arrays.copyOf(out, size);
        } finally {
            deflater.end();
        }
    }

    @Override
    public WireMessage decode(byte[] data) throws DecodeException {
        if (data == null) {
            throw Problems.malformed("no input (null)");
        }
        if (data.length > limits.maxMessageBytes()) {
            throw Problems.oversized("message of " + data.length + " bytes is over the limit of "
                    + limits.maxMessageBytes());
        }
        if (data.length == 0) {
            throw Problems.truncated("empty input");
        }
        if (data[0] == ZLIB_FIRST_BYTE) {
            byte[] json = inflate(data);
            return parse(json, json.length);
        }
        return parse(data, data.length);
    }

    private WireMessage parse(byte[] data, int length) throws DecodeException {
        try (JsonParser parser = factory.createParser(data, 0, length)) {
            return new MessageReader(parser, new JsonInput(parser, limits)).read();
        } catch (JsonEOFException e) {
            throw new DecodeException(Reason.TRUNCATED, describe(e), e);
        } catch (JsonParseException e) {
            throw new DecodeException(endsEarly(e, data, length) ? Reason.TRUNCATED : Reason.MALFORMED, describe(e), e);
        } catch (StreamConstraintsException e) {
            throw new DecodeException(Reason.OVERSIZED, describe(e), e);
        } catch (InputCoercionException e) {
            throw new DecodeException(Reason.INVALID_FIELD, describe(e), e);
        } catch (JsonProcessingException e) {
            throw new DecodeException(Reason.MALFORMED, describe(e), e);
        } catch (IOException e) {
            throw new DecodeException(Reason.MALFORMED, String.valueOf(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The readers wrap record constructors themselves; this is the safety net the Codec contract asks for.
            throw new DecodeException(Reason.INVALID_FIELD, "unexpected " + e, e);
        }
    }

    /**
     * Inflates a zlib stream into at most {@code maxMessageBytes}, growing the output as it fills, so a
     * small frame that would inflate to gigabytes (a decompression bomb) is refused once it passes the
     * limit, having cost no more than a message of the limit's size.
     */
    private byte[] inflate(byte[] data) throws DecodeException {
        int limit = limits.maxMessageBytes();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            byte[] out = new byte[(int) Math.min(limit, Math.max(1024L, 4L * data.length))];
            byte[] probe = new byte[1];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length && size < limit) {
                    out = Arrays.copyOf(out, (int) Math.min(limit, 2L * size));
                }
                int inflated = size < out.length
                        ? inflater.inflate(out, size, out.length - size)
                        : inflater.inflate(probe);  // full at the limit: one byte more is too many
                if (size == limit && inflated > 0) {
                    throw Problems.oversized("inflated message is over the limit of " + limit + " bytes ("
                            + data.length + " bytes compressed)");
                }
                size += inflated;
                if (inflated == 0 && !inflater.finished()) {
                    if (inflater.needsDictionary()) {
                        throw Problems.malformed("compressed data asks for a preset dictionary");
                    }
                    if (inflater.needsInput()) {
                        throw Problems.truncated("compressed data ends after " + data.length + " bytes, before its end");
                    }
                    throw Problems.malformed("compressed data makes no progress");  // not expected from zlib
                }
            }
            if (inflater.getRemaining() > 0) {
                throw Problems.malformed(inflater.getRemaining() + " bytes after the end of the compressed data");
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new DecodeException(Reason.MALFORMED, "corrupt compressed data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    @Override
    public String toString() {
        return "JsonCodec[" + limits + "]";
    }

    /**
     * Jackson reports most truncations as {@link JsonEOFException}, but input ending between an
     * object's entries only as a parse error about the end of input, and input cut inside
     * {@code null}, {@code true} or {@code false} as an unrecognised token at the very end.
     */
    private static boolean endsEarly(JsonParseException e, byte[] data, int length) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Unexpected end-of-input")) {
            return true;
        }
        long start = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
        if (start < 0 || start >= length || length - start > 4) {
            return false;
        }
        String tail = new String(data, (int) start, length - (int) start, StandardCharsets.US_ASCII);
        return "null".startsWith(tail) || "true".startsWith(tail) || "false".startsWith(tail);
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
        return e.getOriginalMessage() + where;
    }

    /**
     * Jackson's own bounds back up the reader's checks: they stop a hostile document while it is
     * tokenised, before the reader sees a value (nesting, long names, long numbers; strings only at
     * the message size, since a direct message's base64 payload may legitimately fill it). Charset
     * detection is off because the wire format is UTF-8 only; names are not interned because tag
     * keys are peer-chosen field names.
     */
    private static JsonFactory factory(DecodeLimits limits) {
        // A direct message's payload may fill the whole message, so only the document bound limits strings.
        int longestString = Math.max(limits.maxStringLength() + AddressText.MAX_DECORATION,
                JsonInput.base64Length(limits.maxMessageBytes()));
        int longestName = (int) Math.min(Integer.MAX_VALUE, 3L * limits.maxStringLength() + 16);
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(longestString)
                .maxNameLength(longestName)
                .maxDocumentLength(limits.maxMessageBytes())
                .build();
        return JsonFactory.builder()
                .streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.CHARSET_DETECTION)
                .build();
    }
}

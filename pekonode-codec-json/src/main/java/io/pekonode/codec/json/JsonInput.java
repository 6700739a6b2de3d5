package io.pekonode.codec.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.pekonode.api.spi.codec.DecodeException;
import io.pekonode.api.spi.codec.DecodeLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, limit-checked access to a {@link JsonParser}. Value readers work on the parser's current
 * token; {@link #nextField} moves onto the next field's value first. Every check happens before
 * anything is built from the token, so a forged length or count allocates nothing.
 */
final class JsonInput {

    /** Reads one element of an array; the parser is on the element's first token. */
    @FunctionalInterface
    interface Item<T> {
        T read() throws IOException, DecodeException;
    }

    private final JsonParser parser;
    private final DecodeLimits limits;

    JsonInput(JsonParser parser, DecodeLimits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    DecodeLimits limits() {
        return limits;
    }

    JsonToken advance() throws IOException, DecodeException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw Problems.truncated("input ends inside the message");
        }
        return token;
    }

    /** Moves onto the next field's value and returns its name, or {@code null} at the object's end. */
    String nextField() throws IOException, DecodeException {
        if (advance() == JsonToken.END_OBJECT) {
            return null;
        }
        String name = parser.currentName();
        advance();
        return name;
    }

    void expectObject(String what) throws DecodeException {
        expect(JsonToken.START_OBJECT, what, "an object");
    }

    void expectArray(String what) throws DecodeException {
        expect(JsonToken.START_ARRAY, what, "an array");
    }

    /** Moves onto the next token, which must close the current array. */
    void expectArrayEnd(String what) throws IOException, DecodeException {
        if (advance() != JsonToken.END_ARRAY) {
            throw Problems.malformed(what + " has too many elements");
        }
    }

    /** After the message's closing brace only whitespace may follow. */
    void expectEndOfInput() throws IOException, DecodeException {
        if (parser.nextToken() != null) {
            throw Problems.malformed("trailing data after the message");
        }
    }

    String string(String what) throws DecodeException, IOException {
        expect(JsonToken.VALUE_STRING, what, "a string");
        return limitedText(what, limits.maxStringLength());
    }

    String nullableString(String what) throws DecodeException, IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? null : string(what);
    }

    /** A string that may be somewhat longer than {@code maxStringLength}, such as an address. */
    String string(String what, int maxLength) throws DecodeException, IOException {
        expect(JsonToken.VALUE_STRING, what, "a string");
        return limitedText(what, maxLength);
    }

    long int64(String what) throws DecodeException, IOException {
        expect(JsonToken.VALUE_NUMBER_INT, what, "an integer");
        try {
            return parser.getLongValue();
        } catch (InputCoercionException e) {
            throw Problems.invalid(what + " does not fit in 64 bits");
        }
    }

    int int32(String what) throws DecodeException, IOException {
        long value = int64(what);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw Problems.invalid(what + " does not fit in 32 bits");
        }
        return (int) value;
    }

    boolean bool(String what) throws DecodeException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
            throw wrongType(what, "true or false");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    /** Base64 bytes of at most {@code maxValueBytes}, or {@code null}. */
    byte[] nullableBytes(String what) throws DecodeException, IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        return bytes(what, limits.maxValueBytes(), "a base64 string or null");
    }

    /** Base64 bytes of at most {@code maxBytes}; the text's length is checked before it is decoded. */
    byte[] bytes(String what, int maxBytes) throws DecodeException, IOException {
        return bytes(what, maxBytes, "a base64 string");
    }

    private byte[] bytes(String what, int maxBytes, String description) throws DecodeException, IOException {
        expect(JsonToken.VALUE_STRING, what, description);
        int length = parser.getTextLength();
        if (length > base64Length(maxBytes)) {
            throw Problems.oversized(what + " has " + length + " base64 characters, more than "
                    + maxBytes + " bytes need");
        }
        if (length % 4 != 0) {
            throw Problems.invalid(what + " is not padded base64");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(parser.getText());
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(what + " is not base64: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw Problems.oversized(what + " has " + bytes.length + " bytes, over the limit of " + maxBytes);
        }
        return bytes;
    }

    /**
     * A free text that is only informative (a remote handler's error): text over
     * {@code maxStringLength} is cut, not refused, so a long exception message still reaches the
     * caller. Only the kept characters are copied out of the parser's buffer.
     */
    String cutString(String what) throws DecodeException, IOException {
        expect(JsonToken.VALUE_STRING, what, "a string");
        int length = parser.getTextLength();
        int max = limits.maxStringLength();
        if (length <= max) {
            return parser.getText();
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int keep = Character.isHighSurrogate(chars[offset + max - 1]) ? max - 1 : max;
        return new String(chars, offset, keep);
    }

    /** A JSON array of at most {@code max} elements; the count is checked before each element is read. */
    <T> List<T> list(String what, int max, Item<T> item) throws IOException, DecodeException {
        expectArray(what);
        List<T> result = new ArrayList<>(Math.min(max, 16));
        while (advance() != JsonToken.END_ARRAY) {
            if (result.size() >= max) {
                throw Problems.oversized(what + " has more than " + max + " elements");
            }
            result.add(item.read());
        }
        return result;
    }

    /** A JSON object of string values, at most {@code maxTags} of them. */
    Map<String, String> stringMap(String what) throws IOException, DecodeException {
        expectObject(what);
        int max = limits.maxTags();
        Map<String, String> result = new LinkedHashMap<>();
        for (String key; (key = nextField()) != null; ) {
            if (result.size() >= max) {
                throw Problems.oversized(what + " has more than " + max + " entries");
            }
            if (key.length() > limits.maxStringLength()) {
                throw Problems.oversized(what + " has a key of " + key.length() + " characters, over the limit of "
                        + limits.maxStringLength());
            }
            result.put(key, string(what + " value"));
        }
        return result;
    }

    static int base64Length(int bytes) {
        return (int) Math.min(Integer.MAX_VALUE, 4L * ((bytes + 2L) / 3));
    }

    private String limitedText(String what, int maxLength) throws DecodeException, IOException {
        int length = parser.getTextLength();
        if (length > maxLength) {
            throw Problems.oversized(what + " has " + length + " characters, over the limit of " + maxLength);
        }
        return parser.getText();
    }

    private void expect(JsonToken expected, String what, String description) throws DecodeException {
        if (parser.currentToken() != expected) {
            throw wrongType(what, description);
        }
    }

    private DecodeException wrongType(String what, String expected) {
        return Problems.malformed(what + " must be " + expected + " but is " + describe(parser.currentToken()));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case END_ARRAY:
            case END_OBJECT:
                return "missing (the enclosing value ends)";
            default:
                return "misplaced (" + token + ")";
        }
    }
}

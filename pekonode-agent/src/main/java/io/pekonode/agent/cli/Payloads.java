package io.pekonode.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Payload arguments and payload fields of the API's JSON, for the messaging commands. */
final class Payloads {

    private Payloads() {
    }

    /** The PAYLOAD argument: UTF-8 text, {@code -} for raw bytes from stdin, absent for none. */
    static byte[] argument(String value, Io io) throws IOException {
        if (value == null) {
            return new byte[0];
        }
        return "-".equals(value) ? io.in().readAllBytes() : value.getBytes(StandardCharsets.UTF_8);
    }

    /** A {@code payload} (text) / {@code payloadBase64} pair as printable text. */
    static String shown(JsonNode node) {
        if (node.hasNonNull("payload")) {
            return node.get("payload").asText();
        }
        if (node.hasNonNull("payloadBase64")) {
            return "base64:" + node.get("payloadBase64").asText();
        }
        return "";
    }

    /** The raw bytes of such a pair. */
    static byte[] bytes(JsonNode node) {
        if (node.hasNonNull("payloadBase64")) {
            return Base64.getDecoder().decode(node.get("payloadBase64").asText());
        }
        return node.path("payload").asText("").getBytes(StandardCharsets.UTF_8);
    }
}

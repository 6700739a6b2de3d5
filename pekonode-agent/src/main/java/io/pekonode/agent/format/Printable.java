package io.pekonode.agent.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Small helpers that turn bytes and durations into text for the console. */
public final class Printable {

    private static final int PREVIEW_CHARS = 60;

    private Printable() {
    }

    /**
     * A one-line preview of a value: quoted text when it is printable UTF-8, otherwise base64 marked
     * as such, shortened with an ellipsis when long.
     */
    public static String preview(byte[] value) {
        String text = utf8(value);
        String shown = text != null && text.codePoints().noneMatch(Printable::isControl)
                ? "\"" + text + "\""
                : "base64:" + Base64.getEncoder().encodeToString(value);
        return shown.length() <= PREVIEW_CHARS ? shown : shown.substring(0, PREVIEW_CHARS - 3) + "...";
    }

    /** Seconds with millisecond precision, as in {@code 1.234 s}. */
    public static String seconds(Duration d) {
        return String.format("%.3f s", d.toNanos() / 1e9);
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isControl(int cp) {
        return Character.isISOControl(cp);
    }
}

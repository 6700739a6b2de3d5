package io.pekonode.engine.core;

/** Keys and names quoted in error messages, cut to a readable length. */
public final class ShortText {
    /** Longest text quoted whole: enough to recognise a key or name, short enough for one log line. */
    static final int MAX_CHARS = 40;
    private static final String ELLIPSIS = "...";

    private ShortText() {
    }

    /** {@code text} itself up to {@value #MAX_CHARS} characters, else its start and "...", as long. */
    public static String of(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS - ELLIPSIS.length()) + ELLIPSIS;
    }
}

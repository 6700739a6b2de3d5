package io.pekonode.engine.core.usermessages;

import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.engine.core.ShortText;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The size rule shared by user events and queries: name (UTF-8) plus payload within one limit. */
final class MessageLimits {
    private MessageLimits() {
    }

    /**
     * @return a private copy of {@code payload} ({@code null} taken as empty)
     * @throws PayloadTooLargeException when name bytes plus payload bytes exceed {@code limit}
     */
    static byte[] checked(String what, String name, byte[] payload, int limit) {
        Objects.requireNonNull(name, "name");
        byte[] copy = payload == null ? new byte[0] : payload.clone();
        long size = (long) name.getBytes(StandardCharsets.UTF_8).length + copy.length;
        if (size > limit) {
            throw new PayloadTooLargeException(what + " '" + ShortText.of(name) + "' (name plus payload)",
                    (int) Math.min(Integer.MAX_VALUE, size), limit);
        }
        return copy;
    }
}

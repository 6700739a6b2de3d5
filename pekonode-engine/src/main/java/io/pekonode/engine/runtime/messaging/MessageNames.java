package io.pekonode.engine.runtime.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Checks topic, event and query names (and query filters) at the call. Receivers' decoders refuse
 * strings longer than their limit, so an over-long name would otherwise be dropped silently on the
 * far side and a request would end as a timeout instead of a clear error.
 */
public final class MessageNames {

    private MessageNames() {
    }

    /** @throws IllegalArgumentException when {@code value} is longer than {@code maxLength} characters */
    public static String check(String what, String value, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is " + value.length() + " characters, over the limit of "
                    + maxLength + " that receivers accept");
        }
        return value;
    }

    public static void checkAll(String what, Collection<String> values, int maxLength) {
        for (String v : values) {
            check(what, v, maxLength);
        }
    }

    public static void checkAll(String what, Map<String, String> values, int maxLength) {
        checkAll(what, values.keySet(), maxLength);
        checkAll(what, values.values(), maxLength);
    }
}

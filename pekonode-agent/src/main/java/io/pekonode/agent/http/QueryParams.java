package io.pekonode.agent.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters of a URL query string ({@code a=1&b=2&b=3}), decoded, repeated names kept in order. */
final class QueryParams {

    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @throws IllegalArgumentException for a malformed %-escape */
    static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParams(values);
    }

    /** The parameter names present, in order. */
    java.util.Set<String> names() {
        return values.keySet();
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    /**
     * A boolean parameter: absent gives {@code absent}; {@code true/1/yes} or bare {@code name} is true.
     *
     * @throws IllegalArgumentException for anything else
     */
    boolean flag(String name, boolean absent) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return absent;
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("parameter " + name + " must be true or false, not '"
                    + value.get() + "'");
        };
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }
}

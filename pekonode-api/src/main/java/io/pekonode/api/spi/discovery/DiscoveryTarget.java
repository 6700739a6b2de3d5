package io.pekonode.api.spi.discovery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A discovery source as configured, split the same way for every plugin:
 * {@code SCHEME:BODY[?KEY=VALUE&...]}. For {@code dns:peko.internal?server=127.0.0.1:5353} the scheme
 * is {@code dns}, the body {@code peko.internal} and the parameters {@code server=127.0.0.1:5353};
 * for {@code etcd://h1:2379,h2:2379/pekonode?ttl=10} the body is {@code //h1:2379,h2:2379/pekonode}.
 *
 * @param text        the whole source as configured, for messages about its syntax
 * @param scheme      the scheme, lower case
 * @param body        what follows the scheme's colon, up to the query
 * @param parameters  the query's parameters, decoded; a repeated key keeps its last value
 * @param defaultPort the node's own gossip port, for addresses that carry none
 */
public record DiscoveryTarget(String text, String scheme, String body, Map<String, String> parameters,
                              int defaultPort) {

    public DiscoveryTarget {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(body, "body");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Splits {@code source}.
     *
     * @throws IllegalArgumentException when it has no scheme, as in {@code peko.internal}
     */
    public static DiscoveryTarget parse(String source, int defaultPort) {
        Objects.requireNonNull(source, "source");
        String text = source.trim();
        int colon = text.indexOf(':');
        if (colon <= 0 || !text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new IllegalArgumentException("discovery source '" + source
                    + "' has no scheme; expected SCHEME:..., such as dns:NAME, dns+srv:NAME or etcd://HOST:PORT/PREFIX");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        int question = rest.indexOf('?');
        String body = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                parameters.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return new DiscoveryTarget(text, scheme, body, parameters, defaultPort);
    }

    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key));
    }

    /**
     * Fails on a parameter this plugin does not know, so that a typo ({@code ?sever=}) is an error
     * rather than silently ignored.
     */
    public void allowOnly(Set<String> known) {
        for (String key : parameters.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("discovery source '" + text + "': unknown parameter '" + key
                        + "'; known: " + new TreeSet<>(known));
            }
        }
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** The source for logs: parameters named like credentials ({@code password}, {@code token}, {@code secret}) show as {@code ***}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(scheme).append(':').append(body);
        char separator = '?';
        for (Map.Entry<String, String> p : parameters.entrySet()) {
            String key = p.getKey().toLowerCase(Locale.ROOT);
            boolean secret = key.contains("password") || key.contains("token") || key.contains("secret");
            text.append(separator).append(p.getKey()).append('=').append(secret ? "***" : p.getValue());
            separator = '&';
        }
        return text.toString();
    }
}

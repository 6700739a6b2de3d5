package io.pekonode.discovery.etcd;

import io.pekonode.api.spi.discovery.DiscoveryTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code etcd://HOST:PORT[,HOST:PORT...]/PREFIX[?ttl=SECONDS&timeout=MILLIS&tls=true&ca=PEM&user=NAME
 * &password-file=PATH|password-env=VAR]}, parsed and checked.
 *
 * @param endpoints    base URLs, {@code http://} or with {@code tls=true} {@code https://}
 * @param prefix       the key prefix, ending with {@code /}
 * @param ttl          the lease TTL: how long a crashed node's key outlives it
 * @param timeout      the bound on one request
 * @param caFile       a PEM CA certificate to trust for TLS, instead of the JVM's trust store
 * @param user         the etcd user, when authentication is on
 * @param password     that user's password, read from a file or the environment (never the URI)
 */
record EtcdSettings(List<URI> endpoints, String prefix, Duration ttl, Duration timeout, Optional<Path> caFile,
                    Optional<String> user, Optional<String> password) {

    static final String FORM = "etcd://HOST:PORT[,HOST:PORT...]/PREFIX[?ttl=SECONDS&tls=true&ca=PEM"
            + "&user=NAME&password-file=PATH|password-env=VAR&timeout=MILLIS]";
    private static final long MIN_TTL_SECONDS = 2;

    static EtcdSettings parse(DiscoveryTarget target) {
        target.allowOnly(Set.of("ttl", "timeout", "tls", "ca", "user", "password-file", "password-env"));
        String body = target.body();
        if (!body.startsWith("//")) {
            throw bad(target, "the endpoints must follow '//'");
        }
        String rest = body.substring(2);
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (prefix.isEmpty() || prefix.equals("/")) {
            throw bad(target, "a key prefix is needed (nodes register under it), as in etcd://127.0.0.1:2379/pekonode");
        }
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        boolean tls = Boolean.parseBoolean(target.parameter("tls").orElse("false"));
        List<URI> endpoints = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (host.isBlank()) {
                continue;
            }
            if (!host.matches("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}")) {
                throw bad(target, "endpoint '" + host + "' is not HOST:PORT");
            }
            int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                throw bad(target, "endpoint port " + port + " is out of range 1..65535");
            }
            endpoints.add(URI.create((tls ? "https://" : "http://") + host));
        }
        if (endpoints.isEmpty()) {
            throw bad(target, "no endpoint given");
        }
        long ttlSeconds = number(target, "ttl", 10);
        if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > 3600) {
            throw bad(target, "ttl must be " + MIN_TTL_SECONDS + " to 3600 seconds, not " + ttlSeconds);
        }
        long timeoutMillis = number(target, "timeout", 2000);
        if (timeoutMillis < 10 || timeoutMillis > 60_000) {
            throw bad(target, "timeout must be 10 to 60000 ms, not " + timeoutMillis);
        }
        Optional<Path> ca = target.parameter("ca").map(Path::of);
        if (ca.isPresent() && !tls) {
            throw bad(target, "ca needs tls=true");
        }
        if (ca.isPresent() && !Files.isReadable(ca.get())) {
            throw bad(target, "ca file " + ca.get() + " cannot be read");
        }
        Optional<String> user = target.parameter("user").filter(u -> !u.isEmpty());
        Optional<String> password = password(target);
        if (user.isPresent() != password.isPresent()) {
            throw bad(target, "user and a password (password-file or password-env) go together");
        }
        return new EtcdSettings(List.copyOf(endpoints), prefix, Duration.ofSeconds(ttlSeconds),
                Duration.ofMillis(timeoutMillis), ca, user, password);
    }

    private static Optional<String> password(DiscoveryTarget target) {
        Optional<String> file = target.parameter("password-file");
        Optional<String> env = target.parameter("password-env");
        if (file.isPresent() && env.isPresent()) {
            throw bad(target, "give password-file or password-env, not both");
        }
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw bad(target, "password-file " + file.get() + " cannot be read: " + e.getMessage());
            }
        }
        if (env.isPresent()) {
            String value = System.getenv(env.get());
            if (value == null) {
                throw bad(target, "environment variable " + env.get() + " (password-env) is not set");
            }
            return Optional.of(value);
        }
        return Optional.empty();
    }

    private static long number(DiscoveryTarget target, String key, long otherwise) {
        Optional<String> text = target.parameter(key);
        if (text.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(text.get().replaceFirst("(ms|s)$", ""));
        } catch (NumberFormatException e) {
            throw bad(target, key + " '" + text.get() + "' is not a number");
        }
    }

    private static IllegalArgumentException bad(DiscoveryTarget target, String problem) {
        return new IllegalArgumentException("discovery source '" + target + "': " + problem + "; expected " + FORM);
    }
}

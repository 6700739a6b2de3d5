package io.pekonode.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a node can be reached: a host name or IP literal (IPv4 or IPv6) and a port.
 *
 * <p>The host is kept as given and resolved at send time, so DNS names follow their records.
 *
 * @param host host name or IP literal, without brackets
 * @param port port number, 0 to 65535 (0 only for binding to an ephemeral port)
 */
public record NodeAddress(String host, int port) {

    public NodeAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [ipv6]:port} or a bare IPv6 literal followed by {@code :port}.
     *
     * @throws IllegalArgumentException with the offending text when it is not an address
     */
    public static NodeAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT but got '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.contains(":") && !host.startsWith("[")) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, as in [::1]:7946, but got '" + text + "'");
        }
        try {
            return new NodeAddress(host, Integer.parseInt(trimmed.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'", e);
        }
    }

    public static NodeAddress of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        return new NodeAddress(ip != null ? ip.getHostAddress() : address.getHostString(), address.getPort());
    }

    /** Resolves the host now (DNS lookups happen here, not at construction). */
    public InetSocketAddress resolve() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

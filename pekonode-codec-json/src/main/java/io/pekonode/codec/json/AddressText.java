package io.pekonode.codec.json;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.codec.DecodeException;

/**
 * A {@link NodeAddress} as one string, {@code host:port} or {@code [ipv6]:port}: the form users
 * type, and shorter than an object. Parsing is the exact inverse of formatting (no trimming, no
 * signs), unlike the lenient {@link NodeAddress#parse} meant for human input.
 */
final class AddressText {

    /** Brackets, colon and five port digits around the host. */
    static final int MAX_DECORATION = 8;

    private AddressText() {
    }

    static String format(NodeAddress address) {
        String host = address.host();
        String printableHost = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return printableHost + ":" + address.port();
    }

    static NodeAddress parse(String text, String what, int maxHostLength) throws DecodeException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw Problems.invalid(what + " " + Problems.quote(text) + " is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Problems.invalid(what + " " + Problems.quote(text) + " has no valid port");
        }
        if (host.length() >= 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw Problems.invalid(what + " " + Problems.quote(text) + " has an IPv6 host without brackets");
        }
        if (host.length() > maxHostLength) {
            throw Problems.oversized(what + " has a host of " + host.length() + " characters, over the limit of "
                    + maxHostLength);
        }
        try {
            return new NodeAddress(host, Integer.parseInt(port));
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(what, e);
        }
    }
}

package io.pekonode.api.discovery;

import java.util.Map;
import java.util.Objects;

/**
 * One live member offering a service.
 *
 * @param service    the service name
 * @param memberId   the offering member's id
 * @param memberName its human-readable name
 * @param host       the host of the member's advertised address (services share the gossip host)
 * @param port       the port from the member's {@code service.NAME} tag
 * @param tags       all of the member's tags, for callers that filter further (zone, version...)
 */
public record ServiceInstance(String service, String memberId, String memberName, String host, int port,
                              Map<String, String> tags) {

    public ServiceInstance {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(host, "host");
        tags = Map.copyOf(tags == null ? Map.of() : tags);
    }

    /** {@code host:port}, with brackets around an IPv6 host, ready for a URL or a socket. */
    public String hostPort() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}

package io.pekonode.engine.runtime;

import io.pekonode.api.NodeAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Decides the address this node tells others to use.
 *
 * <p>An explicit advertise address always wins (only its port 0 is replaced by the bound port),
 * because only the operator knows the NAT or Docker mapping. Otherwise the bound address is used,
 * except that a wildcard bind (0.0.0.0 or ::) is not reachable by anyone: then the first site-local
 * (private network) address of an up, non-loopback interface is chosen, IPv4 first, and 127.0.0.1
 * when the host has none, which suits a single-host setup and is logged so a wrong guess is visible.
 */
public final class AdvertiseAddress {

    private static final Logger LOG = LogManager.getLogger(AdvertiseAddress.class);

    private AdvertiseAddress() {
    }

    public static NodeAddress choose(Optional<NodeAddress> configured, NodeAddress bound) {
        if (configured.isPresent()) {
            NodeAddress a = configured.get();
            return a.port() == 0 ? new NodeAddress(a.host(), bound.port()) : a;
        }
        if (!isWildcard(bound.host())) {
            return bound;
        }
        String host = siteLocalAddress().orElse("127.0.0.1");
        LOG.info("Bound to {}; advertising {} (set an advertise address if peers cannot reach it)", bound, host);
        return new NodeAddress(host, bound.port());
    }

    /** Literal check only: resolving the host here would put a DNS lookup on the start path. */
    static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("::0") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static Optional<String> siteLocalAddress() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isSiteLocalAddress() && !a.isLoopbackAddress()) {
                        candidates.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("Cannot list network interfaces: {}", e.toString());
        }
        return candidates.stream()
                .sorted((x, y) -> Boolean.compare(!(x instanceof Inet4Address), !(y instanceof Inet4Address)))
                .map(a -> NodeAddress.of(new java.net.InetSocketAddress(a, 0)).host())
                .findFirst();
    }
}

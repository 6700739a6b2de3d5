package io.pekonode.discovery.dns;

import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;

/**
 * {@code dns+srv:_SERVICE._PROTO.NAME[?server=HOST:PORT]}: the targets of the name's SRV records,
 * each with the port its record gives.
 */
public final class DnsSrvDiscoveryProvider implements DiscoveryProvider {

    @Override
    public String scheme() {
        return "dns+srv";
    }

    @Override
    public Discovery create(DiscoveryTarget target) {
        return DnsDiscovery.create(target, true);
    }
}

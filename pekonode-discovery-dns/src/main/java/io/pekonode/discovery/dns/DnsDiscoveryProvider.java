package io.pekonode.discovery.dns;

import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;

/**
 * {@code dns:NAME[:PORT][?server=HOST:PORT]}: every A and AAAA record of {@code NAME}, each with
 * {@code PORT} (the node's own gossip port when not given). A Kubernetes headless Service's name
 * gives one record per ready pod.
 */
public final class DnsDiscoveryProvider implements DiscoveryProvider {

    @Override
    public String scheme() {
        return "dns";
    }

    @Override
    public Discovery create(DiscoveryTarget target) {
        return DnsDiscovery.create(target, false);
    }
}

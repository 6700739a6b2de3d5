package io.pekonode.discovery.etcd;

import io.pekonode.api.spi.discovery.Discovery;
import io.pekonode.api.spi.discovery.DiscoveryProvider;
import io.pekonode.api.spi.discovery.DiscoveryTarget;

/**
 * {@code etcd://HOST:PORT[,HOST:PORT...]/PREFIX[?ttl=SECONDS&tls=true&ca=PEM&user=NAME
 * &password-file=PATH|password-env=VAR&timeout=MILLIS]}: registration under {@code PREFIX} with a
 * lease of {@code ttl} seconds (default 10), discovery by prefix and a watch on it.
 */
public final class EtcdDiscoveryProvider implements DiscoveryProvider {

    @Override
    public String scheme() {
        return "etcd";
    }

    @Override
    public Discovery create(DiscoveryTarget target) {
        return new EtcdDiscovery(target.toString(), EtcdSettings.parse(target));
    }
}

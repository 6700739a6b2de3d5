/**
 * The etcd discovery plugin ({@code etcd://HOST:PORT[,HOST:PORT...]/PREFIX}): registers this node
 * under a key prefix with a lease kept alive, finds the others by prefix and watches it, and removes
 * its key on leave; a crashed node's key vanishes when its lease expires.
 *
 * <p>It speaks etcd's v3 JSON gateway with the JDK's HTTP client. The official Java client (jetcd)
 * is not used: its dependency tree mixes two Netty generations whose packages overlap, which the
 * module path refuses.
 */
module io.pekonode.discovery.etcd {
    requires io.pekonode.api;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.apache.logging.log4j;

    provides io.pekonode.api.spi.discovery.DiscoveryProvider with io.pekonode.discovery.etcd.EtcdDiscoveryProvider;
}

/**
 * PekoNode's test kit, added in test scope. With it a test runs many real nodes in one JVM over an
 * in-memory network ({@code io.pekonode.testkit.memory}), runs the protocol core of thousands of
 * nodes under virtual time with loss, latency and partitions ({@code io.pekonode.testkit.sim}),
 * tests code written against {@link io.pekonode.api.Cluster} with a fake
 * ({@code io.pekonode.testkit.fake}), or checks a transport plugin against the transport contract
 * ({@code io.pekonode.testkit.transport}), or starts real discovery servers (dnsmasq, etcd) on
 * 127.0.0.1 ({@code io.pekonode.testkit.servers}).
 *
 * <p>The engine shows its protocol core to this module alone (a qualified export); the simulator
 * keeps it internal, so nothing here makes the core public API.
 */
module io.pekonode.testkit {
    requires transitive io.pekonode.api;
    requires io.pekonode.engine;
    requires org.apache.logging.log4j;
    requires org.junit.jupiter.api;

    exports io.pekonode.testkit.fake;
    exports io.pekonode.testkit.memory;
    exports io.pekonode.testkit.servers;
    exports io.pekonode.testkit.sim;
    exports io.pekonode.testkit.transport;
}

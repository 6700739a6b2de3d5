/**
 * PekoNode's test kit, added in test scope: run many real nodes in one JVM over an in-memory
 * network ({@code io.pekonode.testkit.memory}), run the protocol core of thousands of nodes under
 * virtual time with loss, latency and partitions ({@code io.pekonode.testkit.sim}), or test code
 * written against {@link io.pekonode.api.Cluster} with a fake ({@code io.pekonode.testkit.fake}).
 *
 * <p>The engine shows its protocol core to this module alone (a qualified export); the simulator
 * keeps it internal, so nothing here makes the core public API.
 */
module io.pekonode.testkit {
    requires transitive io.pekonode.api;
    requires io.pekonode.engine;
    requires org.apache.logging.log4j;

    exports io.pekonode.testkit.fake;
    exports io.pekonode.testkit.memory;
    exports io.pekonode.testkit.sim;
}

/**
 * Strong consistency beside gossip: one leader, locks with fencing tokens and a linearizable
 * key-value map, on Raft (MicroRaft). Voters are found by gossip (a member tag); Raft messages travel
 * over the cluster's own messaging, so they use its transport, codec and cluster key.
 *
 * <p>Depends on the API only (any {@link io.pekonode.api.Cluster} works) and on MicroRaft, which logs
 * through SLF4J; this module itself logs through log4j-api.
 */
module io.pekonode.consensus {
    requires transitive io.pekonode.api;
    // MicroRaft has no module descriptor (the automatic module named after its jar) and so declares no
    // dependencies: without this line org.slf4j is not resolved on the module path and MicroRaft fails
    // with NoClassDefFoundError: org/slf4j/LoggerFactory when the first Raft node is built.
    requires microraft;
    requires org.slf4j;
    requires org.apache.logging.log4j;

    exports io.pekonode.consensus;
    exports io.pekonode.consensus.http;
}

package io.pekonode.consensus.node;

import io.pekonode.api.Cluster;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusConfig;

public final class ConsensusNode {
    public static Consensus start(Cluster cluster, ConsensusConfig config) {
        throw new UnsupportedOperationException();
    }
}

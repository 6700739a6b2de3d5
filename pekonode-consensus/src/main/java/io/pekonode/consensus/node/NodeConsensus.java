package io.pekonode.consensus.node;

import io.pekonode.api.event.Subscription;
import io.pekonode.consensus.Consensus;
import io.pekonode.consensus.ConsensusConfig;
import io.pekonode.consensus.ConsensusMap;
import io.pekonode.consensus.ConsensusStatus;
import io.pekonode.consensus.LeadershipListener;
import io.pekonode.consensus.Lease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The {@link Consensus} a node hands out: the service, plus closing the threads and topics it runs on. */
final class NodeConsensus implements Consensus {

    private final ConsensusService service;
    private final Runnable release;

    NodeConsensus(ConsensusService service, Runnable release) {
        this.service = service;
        this.release = release;
    }

    @Override
    public Optional<String> leader() {
        return service.leader();
    }

    @Override
    public boolean isLeader() {
        return service.isLeader();
    }

    @Override
    public Subscription onLeadershipChange(LeadershipListener listener) {
        return service.onLeadershipChange(listener);
    }

    @Override
    public ConsensusMap map() {
        return service.map();
    }

    @Override
    public Lease lock(String name, Duration wait) {
        return service.lock(name, wait);
    }

    @Override
    public CompletableFuture<Lease> lockAsync(String name, Duration wait) {
        return service.lockAsync(name, wait);
    }

    @Override
    public Optional<Lease> tryLock(String name) {
        return service.tryLock(name);
    }

    @Override
    public ConsensusStatus status() {
        return service.status();
    }

    @Override
    public ConsensusConfig config() {
        return service.config();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            release.run();
        }
    }
}

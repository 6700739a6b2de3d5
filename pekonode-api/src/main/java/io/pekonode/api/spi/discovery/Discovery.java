package io.pekonode.api.spi.discovery;

import io.pekonode.api.NodeAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One seed discovery source: a DNS name, an etcd prefix, a static list. Created by a
 * {@link DiscoveryProvider} for one {@link DiscoveryTarget}.
 *
 * <p>The engine calls every method from its discovery thread, one call at a time, never from the
 * protocol thread: blocking I/O is expected here. A method that cannot reach its backend throws
 * {@link DiscoveryException}; the engine logs it (once per distinct failure), counts it and calls
 * again later with backoff. The node keeps running on what it already knows.
 */
public interface Discovery extends AutoCloseable {

    /**
     * The seed addresses the backend knows now (this node's own address may be among them; the
     * engine ignores it). An empty answer is a valid answer: nobody else registered yet.
     *
     * @throws DiscoveryException when the backend cannot be asked or answers nonsense
     */
    DiscoveredSeeds seeds() throws DiscoveryException;

    /**
     * Announces this node in the backend, where that means anything (etcd: a key under a lease that
     * is kept alive). Called once the node is bound, and again after a failure until it succeeds; a
     * source without registration does nothing.
     */
    default void register(NodeRegistration self) throws DiscoveryException {
    }

    /**
     * Keeps the registration alive; called at the interval {@link #renewInterval()} gives, so a
     * source whose registration expires (a lease) stays registered while the node runs.
     */
    default void renew() throws DiscoveryException {
    }

    /** How often {@link #renew()} must run; {@code null} when it needs no renewal. */
    default Duration renewInterval() {
        return null;
    }

    /** Removes this node's registration when it leaves on purpose. */
    default void deregister() throws DiscoveryException {
    }

    /**
     * Asks to be told when the backend's answer may have changed (an etcd watch), so the engine asks
     * again at once instead of at its next refresh. {@code changed} may be called from any thread.
     * Sources without change notifications ignore it.
     */
    default void watch(Runnable changed) {
    }

    /** Releases connections and threads; no call follows. */
    @Override
    void close();

    /**
     * What this node registers as.
     *
     * @param nodeId   the node id (stable across restarts with a data directory)
     * @param nodeName the human-readable name
     * @param address  the address peers reach it at (its advertised gossip address)
     */
    record NodeRegistration(String nodeId, String nodeName, NodeAddress address) {
        public NodeRegistration {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(address, "address");
        }
    }
}

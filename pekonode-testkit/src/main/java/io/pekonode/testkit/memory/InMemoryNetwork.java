package io.pekonode.testkit.memory;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network inside one JVM, for tests of code that embeds PekoNode (memberlist's MockTransport).
 * Nodes bound to it reach each other by address with no sockets; a test can cut a node off
 * ({@link #isolate}) to simulate a crash or a partition, and {@link #heal} it again.
 *
 * <pre>{@code
 * InMemoryNetwork net = new InMemoryNetwork();
 * PekoNode node = PekoNode.builder(ClusterConfig.local().transport("memory")
 *                 .bind(new NodeAddress("node-1", 7946)).build())
 *         .transportProvider(net.provider()).build();
 * }</pre>
 *
 * <p>Delivery is immediate and in order, on the sender's thread: the receiver's listener only
 * decodes and enqueues, as the transport contract requires. Byte arrays are copied so sender and
 * receiver never share one. Hosts are just names here (no DNS); port 0 gets the next free port.
 *
 * <p>Why it is not registered with {@code provides} in the engine's module descriptor: a provider
 * found by ServiceLoader would need a no-argument constructor and therefore one global network shared
 * by every test in the JVM. Passing {@link #provider()} explicitly gives each test its own network.
 */
public final class InMemoryNetwork {

    /** Where ports asked for as 0 start: far from the 7946 default, so tests can mix both. */
    private static final int FIRST_EPHEMERAL_PORT = 40_000;

    private final Map<NodeAddress, InMemoryTransport> endpoints = new ConcurrentHashMap<>();
    private final Set<NodeAddress> isolated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextPort = new AtomicInteger(FIRST_EPHEMERAL_PORT);

    /** An empty network: nothing bound, nobody isolated. */
    public InMemoryNetwork() {
    }

    /** A provider named {@value InMemoryTransportProvider#NAME} whose transports join this network. */
    public TransportProvider provider() {
        return new InMemoryTransportProvider(this);
    }

    /** Drops everything to and from {@code address} until {@link #heal}: a crash or a partition, seen from outside. */
    public void isolate(NodeAddress address) {
        isolated.add(address);
    }

    public void heal(NodeAddress address) {
        isolated.remove(address);
    }

    /** Addresses currently bound. */
    public Set<NodeAddress> boundAddresses() {
        return Set.copyOf(endpoints.keySet());
    }

    NodeAddress bind(NodeAddress requested, InMemoryTransport transport) throws IOException {
        NodeAddress address = requested;
        if (requested.port() == 0) {
            do {
                address = new NodeAddress(requested.host(), nextPort.getAndIncrement());
            } while (endpoints.putIfAbsent(address, transport) != null);
            return address;
        }
        if (endpoints.putIfAbsent(address, transport) != null) {
            throw new IOException("address already in use: " + address);
        }
        return address;
    }

    void unbind(NodeAddress address, InMemoryTransport transport) {
        endpoints.remove(address, transport);
    }

    /**
     * Why a reliable send from {@code from} to {@code to} was not delivered: an isolation (a crash or
     * a partition, seen from outside) answers nothing, so the connect fails; an address nothing is
     * bound to refuses it, as the host of a closed port does.
     */
    SendDropReason undelivered(NodeAddress from, NodeAddress to) {
        if (isolated.contains(from) || isolated.contains(to) || endpoints.containsKey(to)) {
            return SendDropReason.CONNECT_FAILED;
        }
        return SendDropReason.CONNECTION_REFUSED;
    }

    /** @return false when nothing listens there (or it is closing) or either side is isolated */
    boolean deliver(NodeAddress from, NodeAddress to, byte[] data, boolean reliable) {
        if (isolated.contains(from) || isolated.contains(to)) {
            return false;
        }
        InMemoryTransport target = endpoints.get(to);
        if (target == null) {
            return false;
        }
        return target.receive(data.clone(), InetSocketAddress.createUnresolved(from.host(), from.port()), reliable);
    }
}

package io.pekonode.engine.security;

import static io.pekonode.engine.TestClusters.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pekonode.api.NodeAddress;
import io.pekonode.api.config.ClusterConfig;
import io.pekonode.api.event.ClusterEvent;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import io.pekonode.engine.Await;
import io.pekonode.engine.PekoNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Soak: a live 5-node encrypted cluster on real sockets while one node receives 100,000 random and
 * mutated datagrams (bit flips, truncations, extensions, splices and verbatim replays of packets
 * captured from a real peer) and 1,000 junk TCP connections (idle, random bytes, byte-at-a-time).
 * The cluster must stay converged with no false failure, the target's heap must stay bounded, and its
 * drop counters must account for the junk.
 *
 * <p>About 45 s on two cores. It runs in {@code mvn verify}, so every build shows it; skip it locally
 * with {@code -Dpekonode.soak=false}, or run it alone with
 * <pre>
 * mvn -B -pl pekonode-engine -am verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * It prints its figures (datagrams sent, drops by reason, heap before/after) on standard output,
 * which surefire keeps in {@code target/surefire-reports/...SoakTest-output.txt}.
 */
@Tag("soak")
@DisabledIfSystemProperty(named = "pekonode.soak", matches = "false")
class SoakTest {

    private static final int NODES = 5;
    private static final int DATAGRAMS = 100_000;
    private static final int CONNECTIONS = 1_000;
    private static final int DATAGRAMS_PER_SECOND = 5_000;
    // Junk comes from other loopback addresses than the peers (127.0.0.1): the per-host rate limit
    // must not be spent by the attacker on the peers' behalf, as it would with a real remote attacker.
    private static final String[] JUNK_SOURCES = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
    private static final String TCP_JUNK_SOURCE = "127.0.0.6";

    /** A replay cache entry's size, as {@link WireSecurity.Builder#replayCacheEntries} documents it. */
    private static final int REPLAY_ENTRY_BYTES = 110;

    private final List<PekoNode> nodes = new ArrayList<>();
    private final ArrivalCounter junkArrivals = new ArrivalCounter(udp(), Set.of(JUNK_SOURCES));
    private final List<ClusterEvent> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> junkConnections = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Socket s : junkConnections) {
            s.close();
        }
        nodes.forEach(PekoNode::close);
    }

    private static TransportProvider udp() {
        return ServiceLoader.load(TransportProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("udp")).findFirst().orElseThrow();
    }

    /** Inbound drops: by the transport (junk connections) or by the engine (junk datagrams); send-side drops excluded. */
    private static double drops(SimpleMeterRegistry r, boolean transport) {
        return r.get("pekonode.packets.dropped").functionCounters().stream()
                .filter(c -> !c.getId().getTag("reason").startsWith("transport_send_"))
                .filter(c -> c.getId().getTag("reason").startsWith("transport_") == transport)
                .mapToDouble(FunctionCounter::count).sum();
    }

    private static String dropsByReason(SimpleMeterRegistry r) {
        return r.get("pekonode.packets.dropped").functionCounters().stream().filter(c -> c.count() > 0)
                .map(c -> c.getId().getTag("reason") + "=" + (long) c.count()).sorted().collect(Collectors.joining(", "));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    @Test
    void clusterSurvivesJunkDatagramsAndConnections() throws Exception {
        ClusterKey key = ClusterKey.generate();
        FrameRecorder recorder = new FrameRecorder(udp());
        SimpleMeterRegistry target = new SimpleMeterRegistry();
        for (int i = 0; i < NODES; i++) {
            ClusterConfig config = ClusterConfig.lan().transport("udp").nodeName("soak-" + i)
                    .antiEntropy(ae -> ae.pushPullInterval(Duration.ofSeconds(5))).network(n -> n.ioTimeout(Duration.ofSeconds(2)))
                    .bind(new NodeAddress("127.0.0.1", 0)).build();
            PekoNode.Builder b = PekoNode.builder(config).keyring(Keyring.of(key));
            if (i > 0) {
                b.transportProvider(recorder); // the peers whose packets to the target the attacker captures
            } else {
                b.transportProvider(junkArrivals); // counts the junk the target's socket delivered
            }
            PekoNode node = b.build();
            if (i == 0) {
                node.meterBinder().bindTo(target);
            }
            node.subscribe(e -> {
                if (e instanceof ClusterEvent.MemberFailed) {
                    failures.add(e);
                }
            });
            nodes.add(node.start());
        }
        PekoNode victim = nodes.get(0);
        for (PekoNode n : nodes.subList(1, NODES)) {
            assertEquals(1, n.join(List.of(victim.advertiseAddress())).get(15, TimeUnit.SECONDS));
        }
        Await.until(Duration.ofSeconds(30), () -> nodes.stream().allMatch(n -> n.liveMembers().size() == NODES), () -> describe(nodes));
        NodeAddress to = victim.advertiseAddress();
        Set<NodeAddress> peers = nodes.subList(1, NODES).stream().map(PekoNode::advertiseAddress).collect(Collectors.toSet());
        Await.until(Duration.ofSeconds(30), () -> recorder.sentTo(to, peers, recorder.count())
                .stream().filter(s -> !s.reliable()).count() >= 10, () -> "captured " + recorder.count() + " frames in all");
        List<byte[]> captured = recorder.sentTo(to, peers, recorder.count()).stream()
                .filter(s -> !s.reliable()).map(FrameRecorder.Sent::frame).collect(Collectors.toList());

        long heapBefore = usedHeapAfterGc();
        double datagramDropsBefore = drops(target, false);
        double connectionDropsBefore = drops(target, true);
        long start = System.nanoTime();

        Thread connections = new Thread(() -> junkConnections(to), "soak-tcp-junk");
        connections.start();
        long sent = junkDatagrams(to, captured);
        connections.join(TimeUnit.SECONDS.toMillis(60));
        double seconds = (System.nanoTime() - start) / 1e9;

        // Still one healthy cluster: converged, gossiping, no false death.
        victim.publish("after-soak", "ok".getBytes(StandardCharsets.UTF_8));
        Await.until(Duration.ofSeconds(20), () -> nodes.stream().allMatch(n -> n.liveMembers().size() == NODES
                && n.read("after-soak").isPresent()), () -> describe(nodes));
        assertEquals(List.of(), failures, "no member was declared failed");

        // Every junk datagram that reached the node is counted under a drop reason. UDP on loopback
        // may lose some before the socket (a full receive buffer on loaded cores); those never reach
        // the node, so the count is of what the target's transport delivered from the junk sources.
        long arrived = junkArrivals.packets();
        assertTrue(arrived >= sent / 2, "most of the junk reached the node: " + arrived + " of " + sent);
        Await.until(Duration.ofSeconds(10), () -> drops(target, false) - datagramDropsBefore >= arrived
                        && drops(target, true) - connectionDropsBefore >= CONNECTIONS,
                () -> "drops: " + dropsByReason(target) + "; junk datagrams delivered: " + arrived);
        double datagramDrops = drops(target, false) - datagramDropsBefore;
        // The peers' own frames are not dropped in a healthy cluster; a few dozen would be a stray retry.
        assertTrue(datagramDrops <= arrived + 100, "more drops than junk: " + datagramDrops + " of " + arrived);

        long heapAfter = usedHeapAfterGc();
        System.out.printf("SOAK: %d datagrams + %d connections in %.1f s; %d datagrams delivered to the node, datagram drops "
                        + "%.0f (%.2f%% of delivered), connection drops %.0f; heap used after GC %d MiB -> %d MiB; target drops: %s%n",
                sent, CONNECTIONS, seconds, arrived, datagramDrops, 100 * datagramDrops / arrived,
                drops(target, true) - connectionDropsBefore, heapBefore >> 20, heapAfter >> 20, dropsByReason(target));
        // What the run may legitimately leave on the heap: the replay cache filled to its bound (only
        // frames that pass authentication enter it, so the peers' own, far fewer) and a few MiB of
        // measurement noise (other threads allocate between the collections). Measured: 2 MiB. A leak
        // of 100 bytes per junk datagram or connection (10 MB) fails it.
        long allowed = (long) WireSecurity.DEFAULT_REPLAY_CACHE_ENTRIES * REPLAY_ENTRY_BYTES + (4L << 20);
        assertTrue(heapAfter - heapBefore < allowed, "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MiB, over "
                + (allowed >> 20) + " MiB");
    }

    /** Sends the random and mutated datagrams, paced; returns how many were sent. */
    private long junkDatagrams(NodeAddress to, List<byte[]> captured) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        InetSocketAddress target = new InetSocketAddress(to.host(), to.port());
        List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (String source : JUNK_SOURCES) {
                sockets.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0)));
            }
            long start = System.nanoTime();
            for (int i = 0; i < DATAGRAMS; i++) {
                byte[] payload = i % 2 == 0 ? randomDatagram(random) : mutate(captured.get(random.nextInt(captured.size())), random);
                sockets.get(i % sockets.size()).send(new DatagramPacket(payload, payload.length, target));
                long due = start + TimeUnit.SECONDS.toNanos(1) * (i + 1) / DATAGRAMS_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // pacing the attacker, not synchronisation
                }
            }
            return DATAGRAMS;
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static byte[] randomDatagram(SplittableRandom random) {
        byte[] b = new byte[random.nextInt(1401)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        if (b.length >= 4 && random.nextBoolean()) {
            b[0] = 'P'; // past the magic check, to reach the version, flag and length checks
            b[1] = 'N';
            b[2] = (byte) random.nextInt(4);
            b[3] = (byte) random.nextInt(3);
        }
        return b;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        byte[] b = valid.clone();
        switch (random.nextInt(6)) {
            case 0 -> { // flip a few bits
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 2 -> { // extend with random bytes
                int extra = 1 + random.nextInt(64);
                b = Arrays.copyOf(b, b.length + extra);
                for (int k = valid.length; k < b.length; k++) {
                    b[k] = (byte) random.nextInt(256);
                }
            }
            case 3 -> b[2 + random.nextInt(Math.min(30, b.length - 2))] = (byte) random.nextInt(256); // a header byte
            case 4 -> { // splice the head of one capture onto random tail bytes
                int cut = random.nextInt(b.length);
                for (int k = cut; k < b.length; k++) {
                    b[k] = (byte) random.nextInt(256);
                }
            }
            default -> { // verbatim replay
            }
        }
        return b;
    }

    /** Opens the junk connections in batches: idle, random bytes, byte-at-a-time. */
    private void junkConnections(NodeAddress to) {
        SplittableRandom random = new SplittableRandom(7);
        try {
            InetAddress source = InetAddress.getByName(TCP_JUNK_SOURCE);
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(source, 0));
                s.connect(new InetSocketAddress(to.host(), to.port()), 2_000);
                synchronized (junkConnections) {
                    junkConnections.add(s);
                }
                OutputStream out = s.getOutputStream();
                switch (i % 3) {
                    case 0 -> { // idle
                    }
                    case 1 -> { // random bytes: almost always an absurd length prefix
                        byte[] junk = new byte[1 + random.nextInt(200)];
                        random.nextBytes(junk);
                        junk[0] = (byte) (0x40 | junk[0]); // a length over any frame limit
                        writeQuietly(out, junk);
                    }
                    default -> { // the start of a frame, to be continued a byte at a time
                        writeQuietly(out, new byte[] {0, 0});
                        slow.add(s);
                    }
                }
                if (i % 50 == 49) {
                    for (Socket t : slow) {
                        writeQuietly(t.getOutputStream(), new byte[] {1});
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(400)); // the attacker's pace
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("junk connection failed", e);
        }
    }

    private static void writeQuietly(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException closedByTheNode) {
            // expected once the node sheds it
        }
    }

    /** Wraps a transport provider: counts the datagrams its transports deliver from the given source hosts. */
    private static final class ArrivalCounter implements TransportProvider {
        private final TransportProvider inner;
        private final Set<String> hosts;
        private final AtomicLong packets = new AtomicLong();

        ArrivalCounter(TransportProvider inner, Set<String> hosts) {
            this.inner = inner;
            this.hosts = hosts;
        }

        long packets() {
            return packets.get();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Transport create(TransportConfig config) {
            Transport t = inner.create(config);
            return new Transport() {
                @Override
                public void start(TransportListener listener) throws IOException {
                    t.start(new TransportListener() {
                        @Override
                        public void onPacket(byte[] packet, InetSocketAddress source) {
                            if (hosts.contains(source.getHostString())) {
                                packets.incrementAndGet();
                            }
                            listener.onPacket(packet, source);
                        }

                        @Override
                        public void onReliable(byte[] message, InetSocketAddress source) {
                            listener.onReliable(message, source);
                        }

                        @Override
                        public void onRejected(RejectReason reason, String detail, InetSocketAddress source) {
                            listener.onRejected(reason, detail, source);
                        }

                        @Override
                        public void onSendDropped(SendDropReason reason, NodeAddress to, String detail) {
                            listener.onSendDropped(reason, to, detail);
                        }

                        @Override
                        public void onCircuitOpened(InetSocketAddress peer) {
                            listener.onCircuitOpened(peer);
                        }
                    });
                }

                @Override
                public NodeAddress localAddress() {
                    return t.localAddress();
                }

                @Override
                public int maxPacketSize() {
                    return t.maxPacketSize();
                }

                @Override
                public void sendPacket(NodeAddress to, byte[] packet) {
                    t.sendPacket(to, packet);
                }

                @Override
                public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
                    return t.sendReliable(to, message);
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }
}

package io.pekonode.testkit.transport;

import static io.pekonode.testkit.transport.Polling.await;
import static io.pekonode.testkit.transport.Polling.awaitWhile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.api.spi.transport.TransportProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport contract ({@link Transport}, {@link TransportListener}) as tests. A plugin author
 * extends this class in the plugin's own test sources and returns the plugin's provider:
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContractTest {
 *     @Override
 *     protected TransportProvider provider() {
 *         return new MyTransportProvider();
 *     }
 * }
 * }</pre>
 *
 * Every test then runs against that transport, with transports bound to {@link #bindAddress()}
 * (127.0.0.1, port 0: the suite reads the bound port back and never picks one) and configured by
 * {@link #config}. What it checks:
 * <ul>
 *   <li><b>One address</b>: packets and reliable messages both reach the one {@code localAddress()}.</li>
 *   <li><b>Order and integrity</b>: reliable messages arrive whole and in the order each sender sent
 *       them, from several peers and from many threads at once; packets sent from many threads arrive
 *       whole or not at all.</li>
 *   <li><b>Limits</b>: a packet of exactly {@code maxPacketSize()} bytes and a reliable message of
 *       exactly {@code maxFrameSize} bytes arrive; one byte more is refused at the call and reported
 *       as {@link SendDropReason#OVERSIZED}.</li>
 *   <li><b>Life cycle</b>: sends before {@code start} throw; {@code start} binds once; {@code close()}
 *       after a failed {@code start} releases everything and may be repeated; {@code close()} releases
 *       threads and the address, may be called from a callback, and ends deliveries; sends after it,
 *       or racing it, never throw and each failure is reported once as {@link SendDropReason#CLOSED}.</li>
 *   <li><b>Callbacks</b>: a throwing listener stops nothing and never reaches the sender; a reliable
 *       send where nothing listens fails as {@link SendDropReason#CONNECTION_REFUSED} (the failure
 *       detector takes that as proof of a crash, so it must not stand for a timeout); {@code source} names
 *       the sending host (its port may be an ephemeral one), and replies go to the address inside the
 *       message; refused input is reported with its {@link RejectReason} (when the subclass can
 *       produce some, see {@link #sendRefusedInput}).</li>
 * </ul>
 * The listener the suite passes is thread-safe, since callbacks may run concurrently. Packets are
 * unreliable even on loopback, so a test that needs one to arrive sends it again until it does.
 * Nothing sleeps: every wait polls against {@link #patience()}, and a test that hangs (a deadlock in
 * {@code close()}, say) fails after a few minutes instead of stopping the build.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class TransportContractTest {

    /** Threads that send at once in the concurrency tests. */
    private static final int SENDING_THREADS = 8;
    /** How often an awaited packet is sent again, in polls of the condition. */
    private static final int POLLS_PER_RESEND = 4;

    private final List<Transport> transports = new CopyOnWriteArrayList<>();
    private TransportProvider provider;

    /**
     * The transport under test. Called once per test; return a fresh provider when its transports
     * share state (an in-memory network, say), so that tests do not meet each other.
     */
    protected abstract TransportProvider provider();

    /** Where the suite binds its transports; keep port 0. Defaults to {@code 127.0.0.1:0}. */
    protected NodeAddress bindAddress() {
        return new NodeAddress("127.0.0.1", 0);
    }

    /** The config a transport bound to {@code bind} is created with; {@link TransportConfig#defaults} by default. */
    protected TransportConfig config(NodeAddress bind) {
        return TransportConfig.defaults(bind);
    }

    /** How long the suite waits for what must happen; ten seconds unless overridden. */
    protected Duration patience() {
        return Duration.ofSeconds(10);
    }

    /**
     * Sends {@code target} input that a transport of this kind refuses (a frame declaring a length
     * over the limit, say), and returns the reason it must report through
     * {@link TransportListener#onRejected}. The default sends nothing and returns empty, which skips
     * the test: a transport whose input cannot be forged from outside has nothing to refuse.
     */
    protected Optional<RejectReason> sendRefusedInput(NodeAddress target) throws IOException {
        return Optional.empty();
    }

    @AfterEach
    public void closeTransports() {
        transports.forEach(Transport::close);
    }

    // ---- one address, order, integrity -------------------------------------------------------

    @Test
    public void packetsAndReliableMessagesReachTheOneBoundAddress() throws Exception {
        Peer a = start();
        Peer b = start();
        NodeAddress at = b.address();
        assertNotEquals(0, at.port(), "localAddress() resolves the ephemeral port");
        assertEquals(at, b.transport().localAddress(), "localAddress() is stable");

        completes(a.transport().sendReliable(at, bytes("reliable")), "a reliable send to localAddress()");
        sendPacketUntilHeard(a, b, bytes("packet"));

        await("the reliable message", patience(), () -> b.heard().reliable().size() == 1);
        assertArrayEquals(bytes("reliable"), b.heard().reliable().get(0).data());
        b.heard().packets().forEach(p -> assertArrayEquals(bytes("packet"), p.data(), "packets arrive as sent"));
        assertEquals(List.of(), a.heard().drops(), "nothing was dropped");
    }

    @Test
    public void reliableMessagesFromEachPeerArriveInTheOrderSent() throws Exception {
        int perSender = 500;
        Map<Integer, AtomicInteger> inCallback = new ConcurrentHashMap<>();
        AtomicBoolean overlapped = new AtomicBoolean();
        Peer b = start(new Recorder() {
            @Override
            public void onReliable(byte[] message, InetSocketAddress source) {
                AtomicInteger running = inCallback.computeIfAbsent(Numbered.senderOf(message), s -> new AtomicInteger());
                if (running.incrementAndGet() > 1) {
                    overlapped.set(true); // two messages of one sender delivered at once: their order is lost
                }
                super.onReliable(message, source);
                running.decrementAndGet();
            }
        });
        List<Peer> senders = List.of(start(), start());

        List<CompletableFuture<Void>> sent = flat(fromThreads(senders.size(), sender -> {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                futures.add(senders.get(sender).transport().sendReliable(b.address(),
                        Numbered.payload(sender, i, Numbered.HEADER_BYTES + i % 200)));
            }
            return futures;
        }));

        allComplete(sent, "reliable sends from two peers");
        await("every message", patience(), () -> b.heard().reliable().size() == 2 * perSender);
        assertInOrderPerSender(b.heard().reliable(), perSender, 2);
        assertTrue(!overlapped.get(), "onReliable ran twice at once for messages of one sender");
    }

    @Test
    public void reliableMessagesSentFromManyThreadsArriveWholeAndInOrder() throws Exception {
        int perThread = 200;
        Peer a = start();
        Peer b = start();

        List<CompletableFuture<Void>> sent = flat(fromThreads(SENDING_THREADS, thread -> {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                int length = Numbered.HEADER_BYTES + (i * 37 + thread * 101) % 2048;
                futures.add(a.transport().sendReliable(b.address(), Numbered.payload(thread, i, length)));
            }
            return futures;
        }));

        allComplete(sent, "reliable sends from " + SENDING_THREADS + " threads");
        await("every message", patience(), () -> b.heard().reliable().size() == SENDING_THREADS * perThread);
        assertInOrderPerSender(b.heard().reliable(), perThread, SENDING_THREADS);
        assertEquals(List.of(), a.heard().drops(), "nothing was dropped");
    }

    @Test
    public void packetsSentFromManyThreadsArriveWholeOrNotAtAll() throws Exception {
        int perThread = 200;
        Peer a = start();
        Peer b = start();
        int limit = a.transport().maxPacketSize();

        fromThreads(SENDING_THREADS, thread -> {
            for (int i = 0; i < perThread; i++) {
                int length = Numbered.HEADER_BYTES + (i * 53 + thread * 7) % (limit - Numbered.HEADER_BYTES + 1);
                a.transport().sendPacket(b.address(), Numbered.payload(thread, i, length));
            }
            return List.of();
        });
        byte[] last = Numbered.payload(SENDING_THREADS, 0, Numbered.HEADER_BYTES);
        sendPacketUntilHeard(a, b, last);

        Set<Numbered.Id> seen = new HashSet<>();
        for (Recorder.Received packet : b.heard().packets()) {
            Numbered.Id id = Numbered.read(packet.data());
            assertTrue(seen.add(id) || id.sender() == SENDING_THREADS, "packet " + id + " delivered twice");
        }
        Set<SendDropReason> reasons = a.heard().drops().stream().map(Recorder.Drop::reason).collect(Collectors.toSet());
        assertTrue(Set.of(SendDropReason.QUEUE_FULL, SendDropReason.SEND_BUFFER_FULL).containsAll(reasons),
                "packets within the limit may be dropped for lack of room only, not for " + reasons);
    }

    // ---- limits ------------------------------------------------------------------------------

    @Test
    public void aPacketOfTheLimitArrivesWholeAndOneByteMoreIsDroppedAndReported() throws Exception {
        Peer a = start();
        Peer b = start();
        int limit = a.transport().maxPacketSize();
        assertTrue(limit > Numbered.HEADER_BYTES && limit <= config(bindAddress()).maxPacketSize(),
                "maxPacketSize() " + limit + " is within the configured " + config(bindAddress()).maxPacketSize());

        a.transport().sendPacket(b.address(), Numbered.payload(0, 0, limit + 1));
        await("the oversized packet reported", patience(), () -> a.heard().drops(SendDropReason.OVERSIZED) == 1);
        assertEquals(b.address(), a.heard().drops().get(0).to(), "the drop names the destination as given");

        byte[] atLimit = Numbered.payload(0, 1, limit);
        sendPacketUntilHeard(a, b, atLimit);
        b.heard().packets().forEach(p -> assertArrayEquals(atLimit, p.data(), "only the packet of the limit arrives"));
    }

    @Test
    public void aReliableMessageOfTheFrameLimitArrivesWhole() throws Exception {
        Peer a = start();
        Peer b = start();
        byte[] atLimit = Numbered.payload(0, 0, config(bindAddress()).maxFrameSize());

        completes(a.transport().sendReliable(b.address(), atLimit), "a message of maxFrameSize bytes");

        await("the message", patience(), () -> b.heard().reliable().size() == 1);
        assertArrayEquals(atLimit, b.heard().reliable().get(0).data());
    }

    @Test
    public void aReliableMessageOverTheFrameLimitFailsAtTheCallAndIsReported() throws Exception {
        Peer a = start();
        Peer b = start();
        int limit = config(bindAddress()).maxFrameSize();

        CompletableFuture<Void> oversized = a.transport().sendReliable(b.address(), new byte[limit + 1]);

        assertTrue(oversized.isCompletedExceptionally(), "a failure known at the call comes back already failed");
        await("the oversized message reported", patience(), () -> a.heard().drops(SendDropReason.OVERSIZED) == 1);
        assertEquals(b.address(), a.heard().drops().get(0).to());
        completes(a.transport().sendReliable(b.address(), bytes("next")), "a message after the oversized one");
        await("the next message", patience(), () -> b.heard().reliable().size() == 1);
        assertArrayEquals(bytes("next"), b.heard().reliable().get(0).data(), "the oversized message never left");
    }

    // ---- life cycle --------------------------------------------------------------------------

    @Test
    public void anUnstartedTransportHoldsNoThreadAndRefusesSends() {
        LiveThreads threads = LiveThreads.snapshot();
        Transport transport = create(bindAddress());
        assertEquals(List.of(), threads.startedSince(), "create() starts no thread");
        NodeAddress somewhere = new NodeAddress("127.0.0.1", 9);

        assertThrows(IllegalStateException.class, () -> transport.sendPacket(somewhere, bytes("early")));
        assertThrows(IllegalStateException.class, () -> transport.sendReliable(somewhere, bytes("early")));
        transport.close();
        transport.close();
        assertThrows(IllegalStateException.class, () -> transport.start(new Recorder()), "no start after close");
        assertEquals(List.of(), threads.startedSince());
    }

    @Test
    public void startIsRejectedASecondTime() throws Exception {
        Peer a = start();
        assertThrows(IllegalStateException.class, () -> a.transport().start(new Recorder()));
        completes(start().transport().sendReliable(a.address(), bytes("still bound")), "a send after the rejected start");
        await("the message", patience(), () -> a.heard().reliable().size() == 1);
    }

    @Test
    public void closeAfterAFailedStartReleasesEverythingAndMayBeRepeated() throws Exception {
        Peer holder = start();
        NodeAddress taken = holder.address();
        LiveThreads threads = LiveThreads.snapshot();
        Transport clash = create(taken);
        Recorder clashHeard = new Recorder();

        assertThrows(IOException.class, () -> clash.start(clashHeard), "binding an address in use fails the start");
        clash.close();
        clash.close();

        assertEquals(List.of(), threads.startedSince(), "threads left by the failed start");
        completes(start().transport().sendReliable(taken, bytes("to the holder")), "a send to the holder");
        await("the holder still receives", patience(), () -> holder.heard().reliable().size() == 1);
        assertEquals(List.of(), clashHeard.reliable(), "the failed transport receives nothing");
        holder.transport().close();
        assertEquals(taken, start(taken, new Recorder()).address(), "the address is free once its holder closed");
    }

    @Test
    public void closeReleasesThreadsAndTheAddressAndMayBeRepeated() throws Exception {
        LiveThreads threads = LiveThreads.snapshot();
        Peer a = start();
        NodeAddress address = a.address();
        completes(a.transport().sendReliable(address, bytes("to myself")), "a reliable send to itself");
        sendPacketUntilHeard(a, a, bytes("to myself"));

        a.transport().close();
        a.transport().close();

        assertEquals(List.of(), threads.startedSince(), "threads left after close()");
        assertEquals(address, start(address, new Recorder()).address(), "close() released the address");
    }

    @Test
    public void sendsAfterCloseFailCleanlyAndAreReportedAsClosed() throws Exception {
        Peer a = start();
        Peer b = start();
        a.transport().close();

        a.transport().sendPacket(b.address(), bytes("late packet"));
        CompletableFuture<Void> late = a.transport().sendReliable(b.address(), bytes("late message"));

        assertTrue(late.isCompletedExceptionally(), "a send after close() comes back already failed");
        await("both sends reported", patience(), () -> a.heard().drops(SendDropReason.CLOSED) == 2);
        a.heard().drops().forEach(drop -> assertEquals(b.address(), drop.to()));
        assertEquals(List.of(), b.heard().reliable());
    }

    @Test
    public void sendsRacingCloseNeverThrowAndEachFailureIsReportedOnce() throws Exception {
        int beforeClose = 300;
        int afterClose = 20;
        Peer a = start();
        Peer b = start();
        AtomicInteger sendsStarted = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                await("sends under way", patience(), () -> sendsStarted.get() >= SENDING_THREADS * beforeClose / 3);
                a.transport().close();
            } finally {
                closed.countDown();
            }
        }, "contract-test-closer");
        closer.start();

        List<List<CompletableFuture<Void>>> sent = fromThreads(SENDING_THREADS, thread -> {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < beforeClose + afterClose; i++) {
                if (i == beforeClose) {
                    await("close() to return", patience(), () -> closed.getCount() == 0);
                }
                sendsStarted.incrementAndGet();
                futures.add(a.transport().sendReliable(b.address(), Numbered.payload(thread, i, 64)));
            }
            return futures;
        });

        Set<Numbered.Id> completed = new HashSet<>();
        int failed = 0;
        for (int thread = 0; thread < sent.size(); thread++) {
            for (int i = 0; i < sent.get(thread).size(); i++) {
                if (settles(sent.get(thread).get(i))) {
                    completed.add(new Numbered.Id(thread, i));
                } else {
                    failed++;
                }
            }
        }
        assertTrue(failed >= SENDING_THREADS * afterClose, "sends after close() fail, " + failed + " did");
        int failures = failed;
        await("each failure reported", patience(), () -> a.heard().drops().size() >= failures);
        assertEquals(failures, a.heard().drops().size(), "one report per failed message");
        a.heard().drops().forEach(drop -> {
            assertEquals(SendDropReason.CLOSED, drop.reason(), "a send failed by close(): " + drop);
            assertEquals(b.address(), drop.to());
        });
        await("every message whose send completed", patience(), () -> b.heard().reliable().stream()
                .map(r -> Numbered.read(r.data())).collect(Collectors.toSet()).containsAll(completed));
        assertOrderedPerSender(b.heard().reliable());
    }

    @Test
    public void nothingIsDeliveredOnceCloseReturned() throws Exception {
        Peer a = start();
        Peer b = start();
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger sendsAfterClose = new AtomicInteger();
        AtomicBoolean bClosed = new AtomicBoolean();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread flood = new Thread(() -> {
            try {
                for (int i = 0; flooding.get(); i++) {
                    a.transport().sendPacket(b.address(), Numbered.payload(0, i, 100));
                    a.transport().sendReliable(b.address(), Numbered.payload(1, i, 100));
                    if (bClosed.get()) {
                        sendsAfterClose.incrementAndGet();
                    }
                }
            } catch (RuntimeException e) {
                thrown.add(e);
            }
        }, "contract-test-flood");
        flood.start();
        try {
            await("deliveries under way", patience(), () -> b.heard().reliable().size() >= 20);
            b.transport().close();
            b.heard().closeReturned();
            bClosed.set(true);
            CompletableFuture<Void> probe = a.transport().sendReliable(b.address(), bytes("after close"));
            await("sends after close", patience(), () -> sendsAfterClose.get() >= 200 && probe.isDone());
        } finally {
            flooding.set(false);
            flood.join(patience().toMillis());
        }
        assertEquals(List.of(), thrown, "sends never throw");
        assertEquals(0, b.heard().lateDeliveries(), "deliveries that started after close() returned");
    }

    @Test
    public void closeMayBeCalledFromAListenerCallback() throws Exception {
        AtomicReference<Transport> self = new AtomicReference<>();
        CountDownLatch closeReturned = new CountDownLatch(1);
        Peer b = start(new Recorder() {
            @Override
            public void onReliable(byte[] message, InetSocketAddress source) {
                super.onReliable(message, source);
                self.get().close();
                closeReturned.countDown();
            }
        });
        self.set(b.transport());
        Peer a = start();

        CompletableFuture<Void> trigger = CompletableFuture.runAsync(() -> a.transport().sendReliable(b.address(),
                bytes("close yourself")));
        assertTrue(closeReturned.await(patience().toMillis(), TimeUnit.MILLISECONDS),
                "close() called from onReliable returned");
        trigger.get(patience().toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(b.transport().sendReliable(a.address(), bytes("late")).isCompletedExceptionally(), "closed");
        await("the late send reported", patience(), () -> b.heard().drops(SendDropReason.CLOSED) == 1);
    }

    // ---- listener callbacks ------------------------------------------------------------------

    @Test
    public void aThrowingListenerStopsNothingAndNeverReachesTheSender() throws Exception {
        AtomicInteger thrown = new AtomicInteger();
        Peer b = start(new Recorder() {
            @Override
            public void onPacket(byte[] packet, InetSocketAddress source) {
                if (thrown.getAndIncrement() == 0) {
                    throw new IllegalStateException("a listener bug");
                }
                super.onPacket(packet, source);
            }

            @Override
            public void onReliable(byte[] message, InetSocketAddress source) {
                if (message[0] == 'x') {
                    throw new IllegalStateException("a listener bug");
                }
                super.onReliable(message, source);
            }
        });
        Peer a = start();

        a.transport().sendReliable(b.address(), bytes("x: thrown at"));
        completes(a.transport().sendReliable(b.address(), bytes("fine")), "a message after the throwing callback");
        await("the message after the throw", patience(), () -> b.heard().reliable().size() == 1);
        assertArrayEquals(bytes("fine"), b.heard().reliable().get(0).data());
        sendPacketUntilHeard(a, b, bytes("packet"));
        assertTrue(thrown.get() >= 2, "the packet listener threw once and was called again");
    }

    @Test
    public void aReliableSendWhereNothingListensFailsAndIsReportedOnce() throws Exception {
        Peer a = start();
        Peer gone = start();
        NodeAddress nobody = gone.address();
        gone.transport().close();

        CompletableFuture<Void> future = a.transport().sendReliable(nobody, bytes("anyone?"));

        assertTrue(!settles(future), "a reliable send to an address nothing listens on fails");
        await("the failure reported", patience(), () -> a.heard().drops().size() == 1);
        assertEquals(SendDropReason.CONNECTION_REFUSED, a.heard().drops().get(0).reason());
        assertEquals(nobody, a.heard().drops().get(0).to());
    }

    @Test
    public void sourceNamesTheSendingHostAndRepliesGoToTheAddressInTheMessage() throws Exception {
        Peer a = start();
        Peer b = start();

        completes(a.transport().sendReliable(b.address(), bytes(a.address().toString())), "a message carrying its reply address");
        await("the message", patience(), () -> b.heard().reliable().size() == 1);
        Recorder.Received request = b.heard().reliable().get(0);
        assertFromSendingHost(request.source(), "a reliable message");
        NodeAddress replyTo = NodeAddress.parse(new String(request.data(), StandardCharsets.UTF_8));
        completes(b.transport().sendReliable(replyTo, bytes("reply")), "a reply to the address in the message");
        await("the reply", patience(), () -> a.heard().reliable().size() == 1);

        sendPacketUntilHeard(a, b, bytes("packet"));
        assertFromSendingHost(b.heard().packets().get(0).source(), "a packet");
    }

    @Test
    public void refusedInputIsReportedWithItsReasonAndServiceGoesOn() throws Exception {
        Peer b = start();
        Optional<RejectReason> expected = sendRefusedInput(b.address());
        assumeTrue(expected.isPresent(), "the subclass forges no input this transport refuses");

        await(expected.get() + " reported", patience(), () -> b.heard().rejections().stream()
                .anyMatch(r -> r.reason() == expected.get()));
        b.heard().rejections().forEach(r -> assertNotNull(r.source(), "a rejection names where the input came from"));
        Peer a = start();
        completes(a.transport().sendReliable(b.address(), bytes("fine")), "a message after the refused input");
        await("the next message", patience(), () -> b.heard().reliable().size() == 1);
        assertArrayEquals(bytes("fine"), b.heard().reliable().get(0).data(), "refused input is never delivered");
        assertEquals(List.of(), b.heard().packets());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A started transport and what its listener heard. */
    private record Peer(Transport transport, Recorder heard) {
        NodeAddress address() {
            return transport.localAddress();
        }
    }

    private Transport create(NodeAddress bind) {
        if (provider == null) {
            provider = provider();
        }
        Transport transport = provider.create(config(bind));
        transports.add(transport);
        return transport;
    }

    private Peer start() throws IOException {
        return start(new Recorder());
    }

    private Peer start(Recorder listener) throws IOException {
        return start(bindAddress(), listener);
    }

    private Peer start(NodeAddress bind, Recorder listener) throws IOException {
        Transport transport = create(bind);
        transport.start(listener);
        return new Peer(transport, listener);
    }

    /** Sends {@code packet} from {@code from} until {@code to} heard it (packets may be lost). */
    private void sendPacketUntilHeard(Peer from, Peer to, byte[] packet) {
        AtomicInteger polls = new AtomicInteger();
        awaitWhile("a packet to " + to.address(), patience(),
                () -> to.heard().packets().stream().anyMatch(p -> Arrays.equals(packet, p.data())),
                () -> {
                    if (polls.getAndIncrement() % POLLS_PER_RESEND == 0) {
                        from.transport().sendPacket(to.address(), packet);
                    }
                });
    }

    /**
     * Runs {@code work(index)} on {@code count} threads that start together, and returns what each
     * returned, by index. A send that throws fails the test.
     */
    private List<List<CompletableFuture<Void>>> fromThreads(int count, IntFunction<List<CompletableFuture<Void>>> work)
            throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        List<List<CompletableFuture<Void>>> results = new ArrayList<>(Collections.nCopies(count, List.of()));
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    List<CompletableFuture<Void>> result = work.apply(index);
                    synchronized (results) {
                        results.set(index, result);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | AssertionError e) {
                    thrown.add(e);
                }
            }, "contract-test-sender-" + t);
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(patience().toMillis());
            assertTrue(!thread.isAlive(), thread.getName() + " still sending after " + patience().toMillis() + " ms");
        }
        if (!thrown.isEmpty()) {
            fail("a send threw", thrown.get(0));
        }
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    private static List<CompletableFuture<Void>> flat(List<List<CompletableFuture<Void>>> perThread) {
        return perThread.stream().flatMap(List::stream).toList();
    }

    private void completes(CompletableFuture<Void> future, String what) throws InterruptedException {
        try {
            future.get(patience().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            fail(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            fail(what + " did not complete within " + patience().toMillis() + " ms");
        }
    }

    private void allComplete(List<CompletableFuture<Void>> futures, String what) throws InterruptedException {
        completes(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)), what);
    }

    /** Waits for the future to settle: true when it completed normally, false when it failed. */
    private boolean settles(CompletableFuture<Void> future) throws InterruptedException {
        try {
            future.get(patience().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            return fail("a reliable send neither completed nor failed within " + patience().toMillis() + " ms");
        }
    }

    /** Each of {@code senders} sent {@code perSender} messages numbered from 0: all arrived, in order. */
    private static void assertInOrderPerSender(List<Recorder.Received> received, int perSender, int senders) {
        Map<Integer, List<Integer>> bySender = sequencesBySender(received);
        for (int sender = 0; sender < senders; sender++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perSender; i++) {
                expected.add(i);
            }
            assertEquals(expected, bySender.getOrDefault(sender, List.of()), "messages of sender " + sender);
        }
    }

    /** Whatever arrived from each sender arrived once and in the order sent. */
    private static void assertOrderedPerSender(List<Recorder.Received> received) {
        sequencesBySender(received).forEach((sender, sequences) -> {
            List<Integer> sorted = new ArrayList<>(new TreeSet<>(sequences));
            assertEquals(sorted, sequences, "messages of sender " + sender + " arrived once each and in order");
        });
    }

    private static Map<Integer, List<Integer>> sequencesBySender(List<Recorder.Received> received) {
        return received.stream().map(r -> Numbered.read(r.data())).collect(Collectors.groupingBy(Numbered.Id::sender,
                Collectors.mapping(Numbered.Id::sequence, Collectors.toList())));
    }

    /** {@code source} is the sending socket: on the sender's host, with any port (maybe an ephemeral one). */
    private void assertFromSendingHost(InetSocketAddress source, String what) throws IOException {
        assertNotNull(source, what + " has a source");
        assertTrue(source.getPort() > 0 && source.getPort() <= 65_535, what + " from port " + source.getPort());
        String host = bindAddress().host();
        boolean sameHost = source.isUnresolved() ? source.getHostString().equals(host)
                : source.getAddress().equals(InetAddress.getByName(host));
        assertTrue(sameHost, what + " came from " + source + ", not from the sending host " + host);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

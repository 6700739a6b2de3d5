package io.pekonode.transport.tcp;

import static io.pekonode.transport.stream.testing.TestSupport.await;
import static io.pekonode.transport.stream.testing.TestSupport.bytes;
import static io.pekonode.transport.stream.testing.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.transport.stream.testing.TestSupport;
import io.pekonode.transport.stream.testing.TestSupport.Closer;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class TcpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final Closer toClose = new Closer();

    private TcpTransport start(TransportConfig config, RecordingListener listener) throws IOException {
        TcpTransport transport = new TcpTransport(config);
        toClose.add(transport);
        transport.start(listener);
        return transport;
    }

    @Test
    void packetsAndReliableMessagesRoundTrip() throws Exception {
        RecordingListener aIn = new RecordingListener();
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), aIn);
        TcpTransport b = start(config(), bIn);

        a.sendPacket(b.localAddress(), bytes("ping"));
        a.sendReliable(b.localAddress(), bytes("state")).get(5, TimeUnit.SECONDS);
        b.sendReliable(a.localAddress(), bytes("reply")).get(5, TimeUnit.SECONDS);

        await("packet and message at b", WAIT, () -> bIn.packets().size() == 1 && bIn.reliable().size() == 1);
        await("reply at a", WAIT, () -> aIn.reliable().size() == 1);
        assertArrayEquals(bytes("ping"), bIn.packets().get(0).data());
        assertArrayEquals(bytes("state"), bIn.reliable().get(0).data());
        assertArrayEquals(bytes("reply"), aIn.reliable().get(0).data());
        InetSocketAddress source = bIn.reliable().get(0).source();
        assertEquals("127.0.0.1", source.getAddress().getHostAddress());
        assertEquals(1400, a.maxPacketSize());
    }

    @Test
    void oneMebibyteMessageArrivesWhole() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);

        a.sendReliable(b.localAddress(), big).get(10, TimeUnit.SECONDS);

        await("1 MiB message", WAIT, () -> bIn.reliable().size() == 1);
        assertArrayEquals(big, bIn.reliable().get(0).data());
    }

    @Test
    void thousandMessagesArriveInOrderOverOneConnection() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(a.sendReliable(b.localAddress(), ByteBuffer.allocate(4).putInt(i).array()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await("1000 messages", WAIT, () -> bIn.reliable().size() == 1000);
        List<TestSupport.RecordingListener.Received> received = bIn.reliable();
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, ByteBuffer.wrap(received.get(i).data()).getInt(), "message " + i + " out of order");
        }
        assertEquals(1, a.counters().connectsStarted(), "one outbound connection reused for every message");
        assertEquals(1, b.counters().accepted());
        assertEquals(1000, a.counters().framesSent());
    }

    @Test
    void hostNamesAreResolvedOffTheCallersThread() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);
        NodeAddress byName = new NodeAddress("localhost", b.localAddress().port());
        for (int i = 0; i < 50; i++) {
            a.sendReliable(byName, new byte[] {(byte) i});
        }
        a.sendReliable(byName, new byte[] {50}).get(10, TimeUnit.SECONDS);
        await("messages sent to localhost", WAIT, () -> bIn.reliable().size() == 51);
        for (int i = 0; i <= 50; i++) {
            assertEquals(i, bIn.reliable().get(i).data()[0], "order kept across the name lookup");
        }
    }

    @Test
    void unresolvableHostFailsTheSendWithinConnectTimeout() {
        TransportConfig cfg = config(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 16,
                1 << 20, 1 << 20);
        RecordingListener aIn = new RecordingListener();
        TcpTransport a = startUnchecked(cfg, aIn);
        long started = System.nanoTime();
        CompletableFuture<Void> future = a.sendReliable(new NodeAddress("no-such-host.invalid", 7946), bytes("x"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("no-such-host.invalid"), e.getCause().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
        assertEquals(List.of(SendDropReason.UNRESOLVED_HOST), aIn.dropped().stream().map(d -> d.reason()).toList());
    }

    private TcpTransport startUnchecked(TransportConfig cfg, RecordingListener listener) {
        try {
            return start(cfg, listener);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oversizedPacketsAreDroppedAndOversizedMessagesFailAtTheCall() throws Exception {
        RecordingListener aIn = new RecordingListener();
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), aIn);
        TcpTransport b = start(config(), bIn);

        a.sendPacket(b.localAddress(), new byte[1401]);
        a.sendPacket(b.localAddress(), new byte[1400]);
        CompletableFuture<Void> huge = a.sendReliable(b.localAddress(), new byte[8 * 1024 * 1024 + 1]);

        await("the packet that fits", WAIT, () -> bIn.packets().size() == 1);
        assertEquals(1400, bIn.packets().get(0).data().length);
        assertEquals(1, a.counters().packetsDropped());
        assertTrue(huge.isCompletedExceptionally(), "oversized message fails without being queued");
        ExecutionException e = assertThrows(ExecutionException.class, huge::get);
        assertInstanceOf(PayloadTooLargeException.class, e.getCause());
        assertEquals(2, aIn.dropped(SendDropReason.OVERSIZED), "the packet and the message, reported at the call");
    }

    @Test
    void hugeLengthPrefixClosesTheConnectionWithoutAllocatingAndOthersAreStillServed() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);

        try (Socket attacker = new Socket("127.0.0.1", b.localAddress().port())) {
            attacker.setSoTimeout(5000);
            // 2 GiB declared: allocating it would fail the I/O thread with OutOfMemoryError.
            attacker.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2});
            attacker.getOutputStream().flush();
            assertClosedByPeer(attacker);
        }
        await("rejection reported", WAIT, () -> bIn.rejected(RejectReason.FRAME_TOO_LARGE, "frame too large"));
        assertEquals(1, b.counters().framesRejected());

        a.sendReliable(b.localAddress(), bytes("still here")).get(5, TimeUnit.SECONDS);
        await("message after the attack", WAIT, () -> bIn.reliable().size() == 1);
    }

    @Test
    void unknownFrameTypeIsRejected() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport b = start(config(), bIn);
        try (Socket peer = new Socket("127.0.0.1", b.localAddress().port())) {
            peer.setSoTimeout(5000);
            peer.getOutputStream().write(new byte[] {0, 0, 0, 1, 7, 42});
            assertClosedByPeer(peer);
        }
        await("rejection", WAIT, () -> bIn.rejected(RejectReason.UNKNOWN_FRAME_TYPE, "unknown frame type 7"));
        assertTrue(bIn.reliable().isEmpty() && bIn.packets().isEmpty());
    }

    @Test
    void stalledFrameIsDroppedAfterIoTimeoutWhileOthersAreServed() throws Exception {
        Duration ioTimeout = Duration.ofMillis(400);
        TransportConfig cfg = config(Duration.ofSeconds(2), ioTimeout, Duration.ofSeconds(30), 16, 1 << 20, 1 << 20);
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(cfg, new RecordingListener());
        TcpTransport b = start(cfg, bIn);

        try (Socket slowloris = new Socket("127.0.0.1", b.localAddress().port())) {
            slowloris.setSoTimeout(5000);
            slowloris.getOutputStream().write(new byte[] {0, 0});
            long stalledAt = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                a.sendReliable(b.localAddress(), new byte[] {(byte) i}).get(2, TimeUnit.SECONDS);
            }
            await("messages from the healthy peer", WAIT, () -> bIn.reliable().size() == 20);
            assertClosedByPeer(slowloris);
            long heldMillis = Duration.ofNanos(System.nanoTime() - stalledAt).toMillis();
            assertTrue(heldMillis >= ioTimeout.toMillis() - 50, "closed only after ioTimeout, was " + heldMillis);
        }
        await("timeout reported", WAIT, () -> bIn.rejected(RejectReason.FRAME_TIMEOUT, "not completed within"));
        assertEquals(1, b.counters().timeouts());
    }

    @Test
    void connectToAClosedPortFailsWithinConnectTimeout() throws Exception {
        Duration connectTimeout = Duration.ofSeconds(1);
        RecordingListener aIn = new RecordingListener();
        TcpTransport a = start(config(connectTimeout, Duration.ofSeconds(5), Duration.ofSeconds(30), 16, 1 << 20,
                1 << 20), aIn);
        TestSupport.RefusingPort refusing = toClose.add(TestSupport.RefusingPort.open());
        int port = refusing.port();
        long started = System.nanoTime();
        CompletableFuture<Void> future = a.sendReliable(new NodeAddress("127.0.0.1", port), bytes("hello"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(connectTimeout.toMillis() + 2000, TimeUnit.MILLISECONDS));
        assertTrue(e.getCause().getMessage().contains("127.0.0.1:" + port), e.getCause().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(connectTimeout.plusMillis(500)) < 0);
        assertEquals(1, a.counters().connectsFailed());
        assertEquals(0, a.counters().openConnections());
        assertEquals(List.of(SendDropReason.CONNECTION_REFUSED), aIn.dropped().stream().map(d -> d.reason()).toList());
        assertEquals(new NodeAddress("127.0.0.1", port), aIn.dropped().get(0).to());
    }

    /**
     * A paused process keeps its port open: the kernel completes connects into its accept queue while
     * nobody reads. A send to it must never be reported as refused, which the failure detector takes
     * as proof of a crash.
     */
    @Test
    void aPeerThatListensButNeverAcceptsIsNotReportedAsRefused() throws Exception {
        RecordingListener aIn = new RecordingListener();
        TcpTransport a = start(config(), aIn);
        try (ServerSocketChannel paused = ServerSocketChannel.open()) {
            paused.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            NodeAddress to = new NodeAddress("127.0.0.1", ((InetSocketAddress) paused.getLocalAddress()).getPort());

            a.sendReliable(to, bytes("are you there?")).get(5, TimeUnit.SECONDS);

            assertTrue(aIn.dropped().isEmpty(), aIn.dropped().toString());
        }
        assertEquals(0, a.counters().connectsFailed());
    }

    @Test
    void idleConnectionsAreClosedAndReopenedOnDemand() throws Exception {
        TransportConfig cfg = config(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(200), 16, 1 << 20,
                1 << 20);
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(cfg, new RecordingListener());
        TcpTransport b = start(cfg, bIn);

        a.sendReliable(b.localAddress(), bytes("one")).get(5, TimeUnit.SECONDS);
        // Either side may notice first; the other then sees the close.
        await("idle connection closed", WAIT, () -> a.counters().closedIdle() + b.counters().closedIdle() >= 1
                && a.counters().openConnections() == 0 && b.counters().openConnections() == 0);
        a.sendReliable(b.localAddress(), bytes("two")).get(5, TimeUnit.SECONDS);
        await("both messages", WAIT, () -> bIn.reliable().size() == 2);
        assertEquals(2, a.counters().connectsStarted());
    }

    @Test
    void inboundConnectionsOverTheLimitAreRefusedWhenNoneCanBeDisplaced() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport b = start(config(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), 1, 1 << 20,
                1 << 20), bIn);
        try (Socket first = new Socket("127.0.0.1", b.localAddress().port())) {
            // Mid-frame, so it is not an idle connection a newcomer may displace (see InboundBoundsTest).
            first.getOutputStream().write(new byte[] {0, 0});
            await("first mid-frame", WAIT, () -> b.counters().bytesReceived() == 2);
            Socket second = new Socket("127.0.0.1", b.localAddress().port());
            toClose.add(second);
            second.setSoTimeout(5000);
            assertClosedByPeer(second);
            await("first accepted", WAIT, () -> b.counters().accepted() == 1);
            assertEquals(1, b.counters().refused());
            assertTrue(bIn.rejected(RejectReason.CONNECTION_LIMIT, "connection limit"));
            assertTrue(first.isConnected());
        }
    }

    @Test
    void connectThatNeverCompletesFailsAfterConnectTimeout() throws Exception {
        Duration connectTimeout = Duration.ofMillis(500);
        TcpTransport a = start(config(connectTimeout, Duration.ofSeconds(5), Duration.ofSeconds(30), 16, 1 << 20,
                1 << 20), new RecordingListener());
        try (TestSupport.BlackHole hole = TestSupport.BlackHole.open()) {
            long started = System.nanoTime();
            CompletableFuture<Void> future = a.sendReliable(hole.address(), bytes("hello"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(e.getCause().getMessage().contains("connect did not complete within 500 ms"),
                    e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains(hole.address().toString()));
            assertTrue(tookMillis >= 450 && tookMillis < 1500, "failed after " + tookMillis + " ms");
            assertEquals(1, a.counters().timeouts());
        }
    }

    @Test
    void fullSendQueueFailsFastAndCloseFailsWhatIsPending() throws Exception {
        int frame = 64 * 1024;
        TransportConfig cfg = config(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 16, frame,
                4 * frame);
        RecordingListener aIn = new RecordingListener();
        TcpTransport a = start(cfg, aIn);
        // The connect never completes, so every frame stays queued on our side.
        try (TestSupport.BlackHole hole = TestSupport.BlackHole.open()) {
            NodeAddress peer = hole.address();
            byte[] payload = new byte[frame];
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            CompletableFuture<Void> refused = null;
            for (int i = 0; i < 10 && refused == null; i++) {
                CompletableFuture<Void> f = a.sendReliable(peer, payload);
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    pending.add(f);
                }
            }
            assertEquals(3, pending.size(), "three 64 KiB frames fit a 256 KiB queue");
            ExecutionException e = assertThrows(ExecutionException.class, refused::get);
            assertTrue(e.getCause().getMessage().contains("send queue full"), e.getCause().getMessage());
            assertTrue(e.getCause().getMessage().contains(peer.toString()));

            long droppedBefore = a.counters().packetsDropped();
            int packetsSent = 0;
            for (int i = 0; i < 100 && a.counters().packetsDropped() == droppedBefore; i++) {
                a.sendPacket(peer, new byte[1400]);
                packetsSent++;
            }
            assertEquals(droppedBefore + 1, a.counters().packetsDropped(), "packets are dropped, not queued, when full");
            assertEquals(2, aIn.dropped(SendDropReason.QUEUE_FULL), "the refused message and the dropped packet");

            assertTrue(pending.stream().noneMatch(CompletableFuture::isDone));
            a.close();
            for (CompletableFuture<Void> f : pending) {
                ExecutionException closed = assertThrows(ExecutionException.class, () -> f.get(1, TimeUnit.SECONDS));
                assertTrue(closed.getCause().getMessage().contains("transport closed"), closed.getCause().getMessage());
            }
            int queuedPackets = packetsSent - 1;
            assertEquals(pending.size() + queuedPackets, aIn.dropped(SendDropReason.CLOSED),
                    "every message and packet close failed is reported as closed");
        }
    }

    @Test
    void closeReleasesThePortAndIsIdempotent() throws Exception {
        RecordingListener bIn = new RecordingListener();
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);
        a.sendReliable(b.localAddress(), bytes("x")).get(5, TimeUnit.SECONDS);
        await("delivery", WAIT, () -> bIn.reliable().size() == 1);
        NodeAddress bAddress = b.localAddress();

        b.close();
        b.close();
        CompletableFuture<Void> afterClose = b.sendReliable(a.localAddress(), bytes("late"));
        assertTrue(afterClose.isCompletedExceptionally());
        assertThrows(IllegalStateException.class, () -> b.start(new RecordingListener()), "no restart after close");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("pekonode-tcp-" + bAddress.port())), "I/O thread ended");

        TcpTransport again = start(config().withBind(bAddress), new RecordingListener());
        assertEquals(bAddress, again.localAddress());
    }

    @Test
    void startingTwiceIsRejected() throws Exception {
        TcpTransport a = start(config(), new RecordingListener());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.start(new RecordingListener()));
        assertTrue(e.getMessage().contains("already started"));
        assertThrows(IllegalStateException.class, () -> new TcpTransport(config()).localAddress());
    }

    @Test
    void aThrowingListenerDoesNotStopTheTransport() throws Exception {
        RecordingListener bIn = new RecordingListener() {
            @Override
            public synchronized void onPacket(byte[] packet, InetSocketAddress source) {
                throw new IllegalStateException("listener bug");
            }
        };
        TcpTransport a = start(config(), new RecordingListener());
        TcpTransport b = start(config(), bIn);
        a.sendPacket(b.localAddress(), bytes("boom"));
        a.sendReliable(b.localAddress(), bytes("fine")).get(5, TimeUnit.SECONDS);
        await("message after the throwing callback", WAIT, () -> bIn.reliable().size() == 1);
        assertEquals(1, b.counters().listenerErrors());
    }

    /** The peer closed (EOF or reset) rather than just staying silent until the socket timeout. */
    private static void assertClosedByPeer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            assertEquals(-1, in.read(), "expected the transport to close the connection");
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }
}

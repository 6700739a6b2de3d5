package io.pekonode.transport.udp;

import static io.pekonode.transport.stream.testing.TestSupport.await;
import static io.pekonode.transport.stream.testing.TestSupport.bytes;
import static io.pekonode.transport.stream.testing.TestSupport.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.transport.stream.testing.TestSupport;
import io.pekonode.transport.stream.testing.TestSupport.Closer;
import io.pekonode.transport.stream.testing.TestSupport.RecordingListener;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class UdpTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @AutoClose
    private final Closer toClose = new Closer();

    private UdpTransport start(TransportConfig config, RecordingListener listener) throws IOException {
        UdpTransport transport = new UdpTransport(config);
        toClose.add(transport);
        transport.start(listener);
        return transport;
    }

    @Test
    void packetsTravelAsDatagramsFromTheSharedPort() throws Exception {
        RecordingListener aIn = new RecordingListener();
        RecordingListener bIn = new RecordingListener();
        UdpTransport a = start(config(), aIn);
        UdpTransport b = start(config(), bIn);

        a.sendPacket(b.localAddress(), bytes("ping"));
        await("ping", WAIT, () -> bIn.packets().size() == 1);
        b.sendPacket(a.localAddress(), bytes("ack"));
        await("ack", WAIT, () -> aIn.packets().size() == 1);

        assertArrayEquals(bytes("ping"), bIn.packets().get(0).data());
        assertEquals(new InetSocketAddress("127.0.0.1", a.localAddress().port()), bIn.packets().get(0).source(),
                "a packet's source is the sender's bound address");
        assertEquals(0, a.reliableCounters().connectsStarted(), "packets never use TCP");
        assertEquals(1, a.packetCounters().packetsSent());
    }

    @Test
    void reliableMessagesUseTcpOnTheSamePortNumber() throws Exception {
        RecordingListener bIn = new RecordingListener();
        UdpTransport a = start(config(), new RecordingListener());
        UdpTransport b = start(config(), bIn);
        int port = b.localAddress().port();
        try (Socket probe = new Socket("127.0.0.1", port)) {
            assertTrue(probe.isConnected(), "TCP listens on the UDP port number");
        }

        byte[] big = new byte[1 << 20];
        new Random(11).nextBytes(big);
        a.sendReliable(b.localAddress(), big).get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sent.add(a.sendReliable(b.localAddress(), ByteBuffer.allocate(4).putInt(i).array()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        await("1 MiB + 1000 messages", WAIT, () -> bIn.reliable().size() == 1001);
        assertArrayEquals(big, bIn.reliable().get(0).data());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, ByteBuffer.wrap(bIn.reliable().get(i + 1).data()).getInt(), "message " + i + " out of order");
        }
        assertEquals(1, a.reliableCounters().connectsStarted(), "one reused connection");
    }

    @Test
    void oversizedPacketsAreDroppedOnSendAndRejectedOnReceive() throws Exception {
        RecordingListener aIn = new RecordingListener();
        RecordingListener bIn = new RecordingListener();
        UdpTransport a = start(config(), aIn);
        UdpTransport b = start(config(), bIn);

        a.sendPacket(b.localAddress(), new byte[1401]);
        assertEquals(1, a.packetCounters().droppedOversized());
        assertEquals(List.of(SendDropReason.OVERSIZED), aIn.dropped().stream().map(d -> d.reason()).toList(),
                "reported to the listener at the call");
        assertEquals(b.localAddress(), aIn.dropped().get(0).to());
        try (DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] tooBig = new byte[4000];
            raw.send(new DatagramPacket(tooBig, tooBig.length, new InetSocketAddress("127.0.0.1", b.localAddress().port())));
        }
        await("oversized datagram rejected", WAIT, () -> bIn.rejected(RejectReason.OVERSIZED_PACKET, "oversized"));
        a.sendPacket(b.localAddress(), new byte[1400]);
        await("a packet of exactly the limit", WAIT, () -> bIn.packets().size() == 1);
        assertEquals(1400, bIn.packets().get(0).data().length);
        assertEquals(1, b.packetCounters().rejectedOversized());
    }

    @Test
    void hugeFrameOnTheReliablePortIsRejectedAndOthersAreStillServed() throws Exception {
        RecordingListener bIn = new RecordingListener();
        UdpTransport a = start(config(), new RecordingListener());
        UdpTransport b = start(config(), bIn);
        try (Socket attacker = new Socket("127.0.0.1", b.localAddress().port())) {
            attacker.setSoTimeout(5000);
            attacker.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 2});
            try {
                assertEquals(-1, attacker.getInputStream().read());
            } catch (SocketException reset) {
                // closed by reset
            }
        }
        await("rejection", WAIT, () -> bIn.rejected(RejectReason.FRAME_TOO_LARGE, "frame too large"));
        a.sendReliable(b.localAddress(), bytes("fine")).get(5, TimeUnit.SECONDS);
        a.sendPacket(b.localAddress(), bytes("also fine"));
        await("service continues", WAIT, () -> bIn.reliable().size() == 1 && bIn.packets().size() == 1);
    }

    @Test
    void hostNamesAreResolvedAndUnknownHostsDropped() throws Exception {
        RecordingListener aIn = new RecordingListener();
        RecordingListener bIn = new RecordingListener();
        UdpTransport a = start(config(), aIn);
        UdpTransport b = start(config(), bIn);

        a.sendPacket(new NodeAddress("localhost", b.localAddress().port()), bytes("by name"));
        await("packet sent by name", WAIT, () -> bIn.packets().size() == 1);
        a.sendPacket(new NodeAddress("no-such-host.invalid", 7946), bytes("lost"));
        await("unresolved packet counted", Duration.ofSeconds(30), () -> a.packetCounters().droppedUnresolved() == 1);
        await("unresolved packet reported", WAIT, () -> aIn.dropped(SendDropReason.UNRESOLVED_HOST) == 1);
        assertTrue(aIn.dropped().get(0).detail().contains("no-such-host.invalid"), aIn.dropped().toString());
    }

    @Test
    void reliableSendToAClosedPortFailsWithinConnectTimeout() throws Exception {
        Duration connectTimeout = Duration.ofSeconds(1);
        RecordingListener aIn = new RecordingListener();
        UdpTransport a = start(TestSupport.config(connectTimeout, Duration.ofSeconds(5), Duration.ofSeconds(30), 16,
                1 << 20, 1 << 20), aIn);
        TestSupport.RefusingPort refusing = toClose.add(TestSupport.RefusingPort.open());
        int port = refusing.port();
        long started = System.nanoTime();
        CompletableFuture<Void> future = a.sendReliable(new NodeAddress("127.0.0.1", port), bytes("x"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(3, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("127.0.0.1:" + port), e.getCause().getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(connectTimeout.plusMillis(500)) < 0);
        assertEquals(1, aIn.dropped(SendDropReason.CONNECTION_REFUSED), "the reliable path reports through the same listener");
    }

    @Test
    void closeReleasesBothPortsAndIsIdempotent() throws Exception {
        RecordingListener aIn = new RecordingListener();
        UdpTransport a = start(config(), aIn);
        NodeAddress address = a.localAddress();
        a.close();
        a.close();
        assertTrue(a.sendReliable(address, bytes("late")).isCompletedExceptionally());
        a.sendPacket(address, bytes("late too"));
        assertEquals(2, aIn.dropped(SendDropReason.CLOSED), "sends after close are reported, not thrown");
        assertThrows(IllegalStateException.class, () -> a.start(new RecordingListener()));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("pekonode-udp-" + address.port())
                        || t.getName().equals("pekonode-tcp-" + address.port())), "threads ended");

        RecordingListener againIn = new RecordingListener();
        UdpTransport again = start(config().withBind(address), againIn);
        assertEquals(address, again.localAddress());
    }

    @Test
    void startingTwiceIsRejected() throws Exception {
        UdpTransport a = start(config(), new RecordingListener());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.start(new RecordingListener()));
        assertTrue(e.getMessage().contains("already started"));
    }

    @Test
    void takenTcpPortFailsTheStartAndReleasesTheUdpPort() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            UdpTransport a = new UdpTransport(config().withBind(new NodeAddress("127.0.0.1", port)));
            BindException e = assertThrows(BindException.class, () -> a.start(new RecordingListener()));
            assertTrue(e.getMessage().contains("same port for UDP and TCP"), e.getMessage());
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                assertEquals(port, udp.getLocalPort(), "the UDP port was given back");
            }
        }
    }

    /**
     * Two threads close at once while the receive thread is held in a slow callback: the second
     * close() must not return before the first has stopped that thread and released the ports.
     */
    @Test
    void aSecondCloseWaitsUntilTheFirstHasReleasedEverything() throws Exception {
        TestSupport.BlockingListener slow = new TestSupport.BlockingListener();
        UdpTransport receiver = new UdpTransport(config());
        toClose.add(receiver);
        receiver.start(slow);
        UdpTransport sender = start(config(), new RecordingListener());
        sender.sendPacket(receiver.localAddress(), bytes("hold the receive thread"));
        Thread io = slow.awaitHeld(WAIT);

        Thread first = new Thread(receiver::close, "first-close");
        first.start();
        TestSupport.awaitBlockedOrDone(first, WAIT);
        java.util.concurrent.atomic.AtomicBoolean ioAliveWhenSecondReturned = new java.util.concurrent.atomic.AtomicBoolean();
        Thread second = new Thread(() -> {
            receiver.close();
            ioAliveWhenSecondReturned.set(io.isAlive());
        }, "second-close");
        second.start();
        TestSupport.awaitBlockedOrDone(second, WAIT);
        org.junit.jupiter.api.Assertions.assertNotEquals(Thread.State.TERMINATED, second.getState(),
                "the second close() returned while the first was still stopping the receive thread");

        slow.release();
        first.join(WAIT.toMillis());
        second.join(WAIT.toMillis());
        org.junit.jupiter.api.Assertions.assertFalse(ioAliveWhenSecondReturned.get(),
                "when the second close() returned, the receive thread had ended");
    }
}

package io.pekonode.transport.stream.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test helpers of the stream engine and the transports built on it (shared with the {@code tcp} and
 * {@code udp} tests through this module's test jar): a polling await, configs on 127.0.0.1, a
 * recording listener, a port nothing listens on, a peer that never answers a connect, and the
 * closing of what a test opened.
 */
public final class TestSupport {

    public static final NodeAddress LOOPBACK_ANY_PORT = new NodeAddress("127.0.0.1", 0);

    private TestSupport() {
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (no fixed sleeps). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling interval, not synchronisation
        }
    }

    public static TransportConfig config() {
        return TransportConfig.defaults(LOOPBACK_ANY_PORT);
    }

    public static TransportConfig config(Duration connectTimeout, Duration ioTimeout, Duration idleTimeout,
                                         int maxConnections, int maxFrameSize, int sendQueueLimit) {
        return new TransportConfig(LOOPBACK_ANY_PORT, 1400, maxFrameSize, connectTimeout, ioTimeout, idleTimeout,
                maxConnections, sendQueueLimit);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A port that was free a moment ago and has nothing listening. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * What a test opened, closed after it in the order opened: hold one in a field annotated with
     * JUnit's {@code @AutoClose}.
     */
    public static final class Closer implements AutoCloseable {
        private final List<AutoCloseable> opened = new ArrayList<>();

        /** Closes {@code resource} after the test; returns it. */
        public <T extends AutoCloseable> T add(T resource) {
            opened.add(resource);
            return resource;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable resource : opened) {
                resource.close();
            }
        }
    }

    /**
     * A listening socket whose accept queue is full, so further connects hang in SYN-SENT (Linux
     * drops SYNs to a full accept queue): a peer that never answers, on 127.0.0.1.
     */
    public static final class BlackHole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> fillers = new ArrayList<>();

        private BlackHole(ServerSocket server) {
            this.server = server;
        }

        public static BlackHole open() throws IOException {
            BlackHole hole = new BlackHole(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            for (int i = 0; i < 10; i++) {
                Socket filler = new Socket();
                hole.fillers.add(filler);
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hole.server.getLocalPort()), 200);
                } catch (SocketTimeoutException full) {
                    return hole;
                }
            }
            hole.close();
            throw new IllegalStateException("could not fill the accept queue of a listening socket");
        }

        public NodeAddress address() {
            return new NodeAddress("127.0.0.1", server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            for (Socket filler : fillers) {
                filler.close();
            }
            server.close();
        }
    }

    /**
     * A listener whose first delivery (packet or reliable message) holds the delivering thread until
     * {@link #release()}, as a slow application callback would: the transport's I/O thread is then
     * busy, and a close() has to wait for it.
     */
    public static final class BlockingListener extends RecordingListener {
        private final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private volatile Thread deliveringThread;

        @Override
        public void onPacket(byte[] packet, InetSocketAddress source) {
            hold();
            super.onPacket(packet, source);
        }

        @Override
        public void onReliable(byte[] message, InetSocketAddress source) {
            hold();
            super.onReliable(message, source);
        }

        private void hold() {
            if (deliveringThread != null) {
                return;
            }
            deliveringThread = Thread.currentThread();
            entered.countDown();
            // Like a callback stuck in application code, it ignores interrupts until released.
            boolean interrupted = false;
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until a delivery is being held; returns the thread holding it (the transport's I/O thread). */
        public Thread awaitHeld(Duration timeout) throws InterruptedException {
            if (!entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("no delivery reached the listener within " + timeout.toMillis() + " ms");
            }
            return deliveringThread;
        }

        public void release() {
            release.countDown();
        }
    }

    /**
     * Polls until {@code thread} has either ended or is blocked (waiting, sleeping, or on a monitor):
     * the moment to tell "returned at once" from "waits for something".
     */
    public static void awaitBlockedOrDone(Thread thread, Duration timeout) {
        await(thread.getName() + " to block or end", timeout, () -> switch (thread.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED, TERMINATED -> true;
            default -> false;
        });
    }

    /** Records everything a transport delivers and reports. */
    public static class RecordingListener implements TransportListener {
        public record Received(byte[] data, InetSocketAddress source) {
        }

        public record Rejection(RejectReason reason, String detail, InetSocketAddress source) {
        }

        public record Drop(SendDropReason reason, NodeAddress to, String detail) {
        }

        private final List<Received> packets = new ArrayList<>();
        private final List<Received> reliable = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private final List<Drop> dropped = new ArrayList<>();
        /** Drop reasons and breaker openings ("circuit opened"), in the order reported. */
        private final List<String> reports = new ArrayList<>();

        @Override
        public synchronized void onPacket(byte[] packet, InetSocketAddress source) {
            packets.add(new Received(packet, source));
        }

        @Override
        public synchronized void onReliable(byte[] message, InetSocketAddress source) {
            reliable.add(new Received(message, source));
        }

        @Override
        public synchronized void onRejected(RejectReason reason, String detail, InetSocketAddress source) {
            rejected.add(new Rejection(reason, detail, source));
        }

        @Override
        public synchronized void onSendDropped(SendDropReason reason, NodeAddress to, String detail) {
            dropped.add(new Drop(reason, to, detail));
            reports.add(reason.name());
        }

        @Override
        public synchronized void onCircuitOpened(InetSocketAddress peer) {
            reports.add("circuit opened");
        }

        public synchronized List<Received> packets() {
            return List.copyOf(packets);
        }

        public synchronized List<Received> reliable() {
            return List.copyOf(reliable);
        }

        public synchronized List<Rejection> rejected() {
            return List.copyOf(rejected);
        }

        /** True once a rejection of {@code reason} whose detail contains {@code text} was reported. */
        public synchronized boolean rejected(RejectReason reason, String text) {
            return rejected.stream().anyMatch(r -> r.reason() == reason && r.detail().contains(text));
        }

        public synchronized List<Drop> dropped() {
            return List.copyOf(dropped);
        }

        public synchronized long dropped(SendDropReason reason) {
            return dropped.stream().filter(d -> d.reason() == reason).count();
        }

        public synchronized List<String> reports() {
            return List.copyOf(reports);
        }
    }
}

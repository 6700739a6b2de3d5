package io.pekonode.transport.udp;

import static org.junit.jupiter.api.Assertions.fail;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Shared test helpers: a polling await, a recording listener and configs on 127.0.0.1. */
final class TestSupport {

    static final NodeAddress LOOPBACK_ANY_PORT = new NodeAddress("127.0.0.1", 0);

    private TestSupport() {
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (no fixed sleeps). */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling interval, not synchronisation
        }
    }

    static TransportConfig config() {
        return TransportConfig.defaults(LOOPBACK_ANY_PORT);
    }

    static TransportConfig config(Duration connectTimeout, Duration ioTimeout, Duration idleTimeout, int maxConnections,
                                  int maxFrameSize, int sendQueueLimit) {
        return new TransportConfig(LOOPBACK_ANY_PORT, 1400, maxFrameSize, connectTimeout, ioTimeout, idleTimeout,
                maxConnections, sendQueueLimit);
    }

    /** A port that was free a moment ago and has nothing listening. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Records everything a transport delivers and reports. */
    static class RecordingListener implements TransportListener {
        record Received(byte[] data, InetSocketAddress source) {
        }

        record Rejection(RejectReason reason, String detail, InetSocketAddress source) {
        }

        record Drop(SendDropReason reason, NodeAddress to, String detail) {
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

        synchronized List<Received> packets() {
            return List.copyOf(packets);
        }

        synchronized List<Received> reliable() {
            return List.copyOf(reliable);
        }

        synchronized List<Rejection> rejected() {
            return List.copyOf(rejected);
        }

        /** True once a rejection of {@code reason} whose detail contains {@code text} was reported. */
        synchronized boolean rejected(RejectReason reason, String text) {
            return rejected.stream().anyMatch(r -> r.reason() == reason && r.detail().contains(text));
        }

        synchronized List<Drop> dropped() {
            return List.copyOf(dropped);
        }

        synchronized long dropped(SendDropReason reason) {
            return dropped.stream().filter(d -> d.reason() == reason).count();
        }

        synchronized List<String> reports() {
            return List.copyOf(reports);
        }
    }
}

package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.PayloadTooLargeException;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A framed stream engine: listens on a TCP port and exchanges length-prefixed frames with peers over
 * connections that are opened on first use and reused afterwards.
 *
 * <h2>Wire format</h2>
 * Each frame is a 4-byte big-endian payload length, one type byte ({@code 1} = packet,
 * {@code 2} = reliable message) and the payload. A frame declaring more than
 * {@link TransportConfig#maxFrameSize()} bytes, or an unknown type, closes the connection and is
 * reported through {@link TransportListener#onRejected}; nothing is allocated for it.
 *
 * <h2>Threads</h2>
 * One daemon I/O thread, named {@code pekonode-tcp-<port>}, runs a selector over the listening
 * socket and every connection. Callers never touch sockets: {@link #sendPacket} and
 * {@link #sendReliable} check limits, queue the frame and return. Host names are looked up on a
 * short-lived helper thread (see {@link HostResolver}), never on the caller's or the I/O thread.
 * Listener callbacks and the completion of {@link #sendReliable} futures run on the I/O thread:
 * they must return quickly, and dependent stages that may block belong on another executor
 * ({@code thenRunAsync(..., executor)}). The exception: a drop known at the call (oversized, queue
 * full, closed) is reported to {@link TransportListener#onSendDropped} on the caller's thread, and
 * frames failed by {@link #close()} on the closing thread.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Frames to one destination (as given by the caller) leave in the order they were sent over a
 *       single connection, so a peer receives them in that order. A connection that fails takes every
 *       frame still queued on it down with it (futures fail); later sends open a new connection.</li>
 *   <li>Connections are keyed by resolved socket address. Names are resolved when a frame is routed,
 *       with a cache of {@link #DNS_CACHE_TTL}; a changed record is used by the next connection.</li>
 *   <li>Inbound connections are only read from. Replies go to the address inside a message over the
 *       replier's own outbound connection, never back over the socket a frame came in on.</li>
 *   <li>Bytes queued per destination are bounded by {@link TransportConfig#sendQueueLimit()}; past it
 *       reliable sends fail at once and packets are dropped.</li>
 *   <li>A peer whose connects fail three times in a row gets an open circuit: frames that would need
 *       a connection fail at once (the failure says "circuit open") for a cooling period starting at
 *       0.5 s and doubling to 30 s (+-20 % jitter), then one trial connect decides (see
 *       {@code CircuitBreakers}).</li>
 * </ul>
 *
 * <h2>Counting</h2>
 * {@link #counters()} counts everything, breaker included. The listener hears of each loss with a
 * typed reason, which the engine counts in {@code pekonode.packets.dropped}: inbound input refused
 * through {@link TransportListener#onRejected}, every packet dropped and reliable message failed
 * through {@link TransportListener#onSendDropped} (a frame failed fast by an open circuit as
 * {@code CIRCUIT_OPEN}), and each opening of a peer's breaker through
 * {@link TransportListener#onCircuitOpened}.
 */
public final class FramedStreamEndpoint implements AutoCloseable {

    /** How long a host name lookup is reused. */
    public static final Duration DNS_CACHE_TTL = Duration.ofSeconds(5);

    private static final Logger LOG = LogManager.getLogger(FramedStreamEndpoint.class);
    private static final int ACCEPT_BACKLOG = 128;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final TransportConfig config;
    private final LiveStreamCounters counters = new LiveStreamCounters();
    private final GuardedListener listener;
    private final SendBudget budget;
    private final HostResolver resolver;
    private final StreamLoop loop;
    private final Thread thread;
    private final InetSocketAddress localAddress;
    private volatile boolean closed;
    /** Opened once the first close() has released everything; later close() calls wait for it. */
    private final CountDownLatch released = new CountDownLatch(1);
    /** The thread running the first close(), so a call back into close() from it does not wait for itself. */
    private volatile Thread closer;

    private FramedStreamEndpoint(TransportConfig config, TransportListener listener, Selector selector,
                                 ServerSocketChannel server) throws IOException {
        this.config = config;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.budget = new SendBudget(config.sendQueueLimit());
        this.resolver = new HostResolver(DNS_CACHE_TTL, "pekonode-tcp-" + localAddress.getPort() + "-dns");
        this.listener = new GuardedListener(listener, counters);
        this.loop = new StreamLoop(config, this.listener, counters, budget, resolver, selector, server);
        this.thread = new Thread(loop, "pekonode-tcp-" + localAddress.getPort());
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code bindAddress} and starts the I/O thread.
     *
     * @throws java.net.BindException when the port is taken (the UDP plugin retries on this)
     * @throws IOException            when the address is not local or cannot be resolved
     */
    public static FramedStreamEndpoint open(TransportConfig config, InetSocketAddress bindAddress,
                                            TransportListener listener) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (bindAddress.isUnresolved()) {
            throw new UnknownHostException("cannot resolve bind host '" + bindAddress.getHostString() + "'");
        }
        Selector selector = Selector.open();
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            // Lets a restarted node rebind its port while old connections linger in TIME_WAIT.
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindAddress, ACCEPT_BACKLOG);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            FramedStreamEndpoint endpoint = new FramedStreamEndpoint(config, listener, selector, server);
            endpoint.thread.start();
            LOG.debug("listening for frames on {}", endpoint.localAddress);
            return endpoint;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            selector.close();
            throw e;
        }
    }

    /** The bound address with its actual port. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Queues a packet frame, best effort: dropped (and counted) when larger than
     * {@link TransportConfig#maxPacketSize()}, when the destination's queue is full, when the
     * connection fails, or after {@link #close()}. The array is used as is; do not change it afterwards.
     */
    public void sendPacket(NodeAddress to, byte[] packet) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(packet, "packet");
        if (packet.length > config.maxPacketSize()) {
            packetDropped(SendDropReason.OVERSIZED, to, "a " + packet.length + "-byte packet is over the "
                    + config.maxPacketSize() + "-byte limit");
            return;
        }
        if (isClosed()) {
            packetDropped(SendDropReason.CLOSED, to, "transport closed");
            return;
        }
        if (!budget.tryReserve(to, packet.length + Frames.HEADER_BYTES)) {
            packetDropped(SendDropReason.QUEUE_FULL, to, "send queue full (limit " + budget.limit() + " bytes)");
            return;
        }
        submit(new QueuedFrame(to, Frames.PACKET, packet, null));
    }

    /**
     * Queues a reliable message. The future completes on the I/O thread once the whole frame was
     * written to the socket, or fails with:
     * <ul>
     *   <li>{@link PayloadTooLargeException} when the message exceeds {@link TransportConfig#maxFrameSize()};</li>
     *   <li>an {@link IOException} naming the peer when its queue is full, the host does not resolve,
     *       the connect fails or times out, the connection breaks or a write stalls past
     *       {@link TransportConfig#ioTimeout()}, or the endpoint is closed.</li>
     * </ul>
     * Failures known at the call (size, full queue, closed) come back as an already failed future;
     * this method never throws for them and never blocks. The array is used as is; do not change it.
     */
    public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        if (message.length > config.maxFrameSize()) {
            return reliableFailed(SendDropReason.OVERSIZED, to,
                    new PayloadTooLargeException("reliable message to " + to, message.length, config.maxFrameSize()));
        }
        if (isClosed()) {
            return reliableFailed(SendDropReason.CLOSED, to,
                    new IOException("reliable send to " + to + " failed: transport closed"));
        }
        int size = message.length + Frames.HEADER_BYTES;
        if (!budget.tryReserve(to, size)) {
            return reliableFailed(SendDropReason.QUEUE_FULL, to, new IOException("reliable send to " + to
                    + " failed: send queue full (" + budget.queued(to) + " bytes queued, limit " + budget.limit() + ")"));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        submit(new QueuedFrame(to, Frames.RELIABLE, message, future));
        return future;
    }

    private void packetDropped(SendDropReason reason, NodeAddress to, String detail) {
        counters.packetsDropped.increment();
        LOG.debug("dropping a packet to {}: {}", to, detail);
        listener.sendDropped(reason, to, detail);
    }

    private CompletableFuture<Void> reliableFailed(SendDropReason reason, NodeAddress to, Exception failure) {
        counters.reliableFailed.increment();
        listener.sendDropped(reason, to, failure.getMessage());
        return CompletableFuture.failedFuture(failure);
    }

    private void submit(QueuedFrame frame) {
        loop.submit(frame);
        if (isClosed()) {
            loop.failUnsent(); // close() raced with us; make sure the frame is not stranded
        }
    }

    private boolean isClosed() {
        return closed || loop.stopping();
    }

    /** Counters since start. */
    public StreamCounters counters() {
        return counters.snapshot();
    }

    /**
     * Closes the listening socket and every connection, fails every queued reliable send, and waits
     * (a few seconds at most) for the I/O thread to end. Idempotent; safe from a listener callback.
     * A call made while another thread is closing returns only once that close has released
     * everything (except on the I/O thread, which the first close is waiting for).
     */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
            if (first) {
                closer = Thread.currentThread();
            }
        }
        if (!first) {
            awaitRelease();
            return;
        }
        try {
            loop.stop();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(JOIN_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (thread.isAlive()) {
                    LOG.warn("I/O thread {} did not stop within {} ms (a listener may be blocking it)",
                            thread.getName(), JOIN_TIMEOUT.toMillis());
                }
            }
            loop.failUnsent();
            resolver.close();
        } finally {
            released.countDown();
        }
    }

    /** Waits for the first close() to finish; never on the I/O thread or the closing thread itself. */
    private void awaitRelease() {
        Thread current = Thread.currentThread();
        if (current == thread || current == closer) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                released.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            current.interrupt();
        }
    }
}

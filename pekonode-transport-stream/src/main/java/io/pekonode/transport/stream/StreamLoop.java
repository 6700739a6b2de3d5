package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.RejectReason;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.TransportConfig;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The I/O thread of a {@link FramedStreamEndpoint}: one selector serving the listening socket and
 * every connection. All connection state is confined to this thread; callers only hand over
 * {@link QueuedFrame} frames through a queue, so no lock is held around socket calls and a slow peer
 * never blocks a caller.
 *
 * <p>Inbound connections are bounded so that hostile ones (idle, byte-at-a-time, or simply many)
 * cannot take the node's connections from its peers: at most three quarters of
 * {@link TransportConfig#maxConnections()} are inbound, so outbound connections to peers always have
 * room; an inbound connection must complete its first frame within {@link TransportConfig#ioTimeout()}
 * of being accepted, and every frame within that time of its first byte; and when the inbound limit
 * is reached, a new connection displaces an inbound one that is not in the middle of a frame,
 * preferring one that never delivered a frame, then the least recently active (it is refused only
 * when every inbound connection is mid-frame). Peers open a
 * connection when they have a frame to send, so a displaced or timed-out peer just reconnects.
 */
final class StreamLoop implements Runnable {

    private static final Logger LOG = LogManager.getLogger(StreamLoop.class);
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_ACCEPTS_PER_WAKEUP = 64;
    private static final String CLOSED = "transport closed";

    private final TransportConfig config;
    private final GuardedListener listener;
    private final LiveStreamCounters counters;
    private final SendBudget budget;
    private final HostResolver resolver;
    private final Selector selector;
    private final ServerSocketChannel server;

    private final Queue<QueuedFrame> sends = new ConcurrentLinkedQueue<>();
    private final Queue<Resolution> resolutions = new ConcurrentLinkedQueue<>();
    private final Map<InetSocketAddress, Connection> outbound = new HashMap<>();
    /** Frames for a host name being looked up, kept in order until the answer arrives. */
    private final Map<NodeAddress, List<QueuedFrame>> awaitingResolution = new HashMap<>();
    private final Set<Connection> toFlush = new LinkedHashSet<>();
    private final CircuitBreakers breakers = new CircuitBreakers();
    /** Inbound connections that have not delivered a complete frame yet. */
    private final Set<Connection> awaitingFirstFrame = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);

    private final long connectTimeoutNanos;
    private final long ioTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long tickMillis;
    private volatile boolean stopping;
    private int open;
    private int inboundOpen;
    private final int maxInbound;
    private long now;

    StreamLoop(TransportConfig config, GuardedListener listener, LiveStreamCounters counters, SendBudget budget,
               HostResolver resolver, Selector selector, ServerSocketChannel server) {
        this.config = config;
        this.listener = listener;
        this.counters = counters;
        this.budget = budget;
        this.resolver = resolver;
        this.selector = selector;
        this.server = server;
        this.connectTimeoutNanos = config.connectTimeout().toNanos();
        this.ioTimeoutNanos = config.ioTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.maxInbound = config.maxConnections() - config.maxConnections() / 4;
        long shortest = Math.min(config.connectTimeout().toMillis(),
                Math.min(config.ioTimeout().toMillis(), config.idleTimeout().toMillis()));
        // Timeouts are checked by a sweep; an eighth of the shortest one keeps them accurate to ~12%.
        this.tickMillis = Math.max(10, Math.min(250, shortest / 8));
    }

    /** Caller side: queue a frame and wake the selector. */
    void submit(QueuedFrame frame) {
        sends.add(frame);
        selector.wakeup();
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** Fails frames callers queued that the loop will never see; safe from any thread. */
    void failUnsent() {
        QueuedFrame frame;
        while ((frame = sends.poll()) != null) {
            fail(frame, SendDropReason.CLOSED, CLOSED);
        }
    }

    @Override
    public void run() {
        long lastSweep = System.nanoTime();
        try {
            while (!stopping) {
                selector.select(tickMillis);
                now = System.nanoTime();
                drainResolutions();
                drainSends();
                handleSelectedKeys();
                flushPending();
                if (now - lastSweep >= TimeUnit.MILLISECONDS.toNanos(tickMillis)) {
                    sweepTimeouts();
                    lastSweep = now;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("I/O thread {} stopped unexpectedly; the transport no longer sends or receives",
                    Thread.currentThread().getName(), e);
        } finally {
            shutdown();
        }
    }

    // ---- sending ------------------------------------------------------------------------------

    private void drainResolutions() {
        Resolution resolution;
        while ((resolution = resolutions.poll()) != null) {
            List<QueuedFrame> waiting = awaitingResolution.remove(resolution.to());
            if (waiting == null) {
                continue;
            }
            if (resolution.failure() != null) {
                String reason = describeResolutionFailure(resolution.failure());
                LOG.debug("dropping {} frame(s) for {}: {}", waiting.size(), resolution.to(), reason);
                waiting.forEach(frame -> fail(frame, SendDropReason.UNRESOLVED_HOST, reason));
            } else {
                for (QueuedFrame frame : waiting) {
                    route(resolution.address(), frame);
                }
            }
        }
    }

    private String describeResolutionFailure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "resolving the host did not finish within " + config.connectTimeout().toMillis() + " ms";
        }
        return String.valueOf(cause.getMessage());
    }

    private void drainSends() {
        QueuedFrame frame;
        while ((frame = sends.poll()) != null) {
            NodeAddress to = frame.to();
            List<QueuedFrame> waiting = awaitingResolution.get(to);
            if (waiting != null) {
                waiting.add(frame); // behind earlier frames for the same name: keeps per-peer order
                continue;
            }
            InetSocketAddress address = resolver.cached(to);
            if (address != null) {
                route(address, frame);
                continue;
            }
            waiting = new ArrayList<>();
            waiting.add(frame);
            awaitingResolution.put(to, waiting);
            resolver.resolve(to)
                    .orTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((resolved, failure) -> {
                        resolutions.add(new Resolution(to, resolved, failure));
                        selector.wakeup();
                    });
        }
    }

    private void route(InetSocketAddress address, QueuedFrame frame) {
        Connection connection = outbound.get(address);
        if (connection == null) {
            if (open >= config.maxConnections()) {
                fail(frame, SendDropReason.CONNECTION_LIMIT, "connection limit of " + config.maxConnections()
                        + " reached, cannot connect to " + format(address));
                return;
            }
            String refusal = breakers.refusal(address, now);
            if (refusal != null) {
                counters.circuitOpenFailures.increment();
                fail(frame, SendDropReason.CIRCUIT_OPEN, "not connecting to " + format(address) + ": " + refusal);
                return;
            }
            try {
                connection = connect(address);
            } catch (IOException e) {
                connectFailed(address);
                fail(frame, connectFailure(e), "cannot connect to " + format(address) + ": " + e.getMessage());
                return;
            }
        }
        connection.queue.add(frame);
        if (connection.connected) {
            toFlush.add(connection);
        }
    }

    /** Counts a failed connect and tells the listener when it opened the peer's circuit. */
    private void connectFailed(InetSocketAddress address) {
        counters.connectsFailed.increment();
        if (breakers.connectFailed(address, now)) {
            counters.circuitsOpened.increment();
            listener.circuitOpened(address);
        }
    }

    private Connection connect(InetSocketAddress address) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            counters.connectsStarted.increment();
            Connection connection = new Connection(channel, address, true, config.maxFrameSize(), now);
            connection.connected = channel.connect(address);
            connection.key = channel.register(selector,
                    connection.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, connection);
            outbound.put(address, connection);
            if (connection.connected) {
                breakers.connected(address);
            }
            opened();
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
    }

    private void flushPending() {
        for (Connection connection : toFlush) {
            flush(connection);
        }
        toFlush.clear();
    }

    /** Writes queued frames until the socket is full, then waits for OP_WRITE. */
    private void flush(Connection c) {
        if (c.closed || !c.connected) {
            return;
        }
        try {
            while (true) {
                if (c.writing == null) {
                    QueuedFrame next = c.queue.poll();
                    if (next == null) {
                        interest(c, SelectionKey.OP_READ);
                        return;
                    }
                    c.writing = next;
                    c.writeBuffers = new ByteBuffer[] {Frames.header(next.type(), next.payload().length),
                        ByteBuffer.wrap(next.payload())};
                    c.writeStartedNanos = now;
                }
                long written = c.channel.write(c.writeBuffers);
                if (written > 0) {
                    counters.bytesSent.add(written);
                    c.lastActivityNanos = now;
                }
                if (c.writeBuffers[0].hasRemaining() || c.writeBuffers[1].hasRemaining()) {
                    interest(c, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                QueuedFrame done = c.writing;
                c.writing = null;
                c.writeBuffers = null;
                c.writeStartedNanos = 0;
                counters.framesSent.increment();
                sent(done);
            }
        } catch (IOException | RuntimeException e) {
            close(c, "write failed: " + describe(e));
        }
    }

    private static void interest(Connection c, int ops) {
        if (c.key.isValid() && c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    /** A frame written in full: releases its budget and completes its future. */
    private void sent(QueuedFrame frame) {
        budget.release(frame.to(), frame.size());
        if (frame.future() != null) {
            frame.future().complete(null);
        }
    }

    /**
     * The one place a frame fails: releases its budget, counts it, tells the listener why and fails
     * its future with {@code failure}. Safe from any thread.
     */
    private void fail(QueuedFrame frame, SendDropReason reason, String failure) {
        budget.release(frame.to(), frame.size());
        if (frame.future() == null) {
            counters.packetsDropped.increment();
        } else {
            counters.reliableFailed.increment();
        }
        listener.sendDropped(reason, frame.to(), failure);
        if (frame.future() != null) {
            frame.future().completeExceptionally(new IOException("reliable send to " + frame.to() + " failed: " + failure));
        }
    }

    // ---- receiving ----------------------------------------------------------------------------

    private void handleSelectedKeys() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.channel() == server) {
                accept();
                continue;
            }
            Connection c = (Connection) key.attachment();
            try {
                int ready = key.readyOps();
                if ((ready & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect(c);
                }
                if (!c.closed && (ready & SelectionKey.OP_READ) != 0) {
                    read(c);
                }
                if (!c.closed && (ready & SelectionKey.OP_WRITE) != 0) {
                    flush(c);
                }
            } catch (IOException | RuntimeException e) {
                if (!c.closed && c.reader.inFrame()) {
                    // A reset in the middle of a frame loses that frame just as a FIN there does: count it.
                    reject(c, RejectReason.TRUNCATED_FRAME, "connection failed in the middle of a frame: " + describe(e));
                } else {
                    close(c, describe(e));
                }
            }
        }
    }

    private void accept() {
        for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.debug("accept failed: {}", e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                if ((open >= config.maxConnections() || inboundOpen >= maxInbound) && !displaceIdleInbound()) {
                    counters.refused.increment();
                    // Reported before the close, as every rejection is: whoever sees the close can count it.
                    listener.rejected(RejectReason.CONNECTION_LIMIT,
                            "connection limit of " + config.maxConnections() + " reached", remote);
                    closeQuietly(channel);
                    continue;
                }
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(channel, remote, false, config.maxFrameSize(), now);
                c.connected = true;
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                opened();
                inboundOpen++;
                awaitingFirstFrame.add(c);
                counters.accepted.increment();
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
            }
        }
    }

    /**
     * At the inbound limit: closes an inbound connection not mid-frame, if any. One that never
     * delivered a frame goes first (junk, or a peer so slow it would time out anyway), then the least
     * recently active one; a peer that delivered frames is displaced only when no such junk is left.
     */
    private boolean displaceIdleInbound() {
        Connection oldest = null;
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && !c.outbound && !c.closed && !c.reader.inFrame()
                    && (oldest == null || displaceBefore(c, oldest))) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        counters.closedIdle.increment();
        listener.rejected(RejectReason.CONNECTION_DISPLACED, "inbound connection displaced at the connection limit",
                oldest.remote);
        close(oldest, "displaced by a new connection at the inbound limit of " + maxInbound);
        return true;
    }

    private boolean displaceBefore(Connection c, Connection other) {
        boolean silent = awaitingFirstFrame.contains(c);
        if (silent != awaitingFirstFrame.contains(other)) {
            return silent;
        }
        return c.lastActivityNanos - other.lastActivityNanos < 0;
    }

    private void finishConnect(Connection c) {
        try {
            if (!c.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            connectFailed(c.remote);
            c.refused = connectFailure(e) == SendDropReason.CONNECTION_REFUSED;
            close(c, "connect failed: " + describe(e));
            return;
        }
        breakers.connected(c.remote);
        c.connected = true;
        c.lastActivityNanos = now;
        interest(c, SelectionKey.OP_READ);
        flush(c);
    }

    private void read(Connection c) throws IOException {
        readBuffer.clear();
        int n = c.channel.read(readBuffer);
        if (n < 0) {
            if (c.reader.inFrame()) {
                reject(c, RejectReason.TRUNCATED_FRAME, "connection closed in the middle of a frame");
            } else {
                close(c, "closed by peer");
            }
            return;
        }
        if (n == 0) {
            return;
        }
        counters.bytesReceived.add(n);
        c.lastActivityNanos = now;
        readBuffer.flip();
        int frames = c.reader.consume(readBuffer, (type, payload) -> deliver(c, type, payload));
        if (frames < 0) {
            reject(c, c.reader.rejection(), c.reader.rejectionDetail());
            return;
        }
        if (!c.reader.inFrame()) {
            c.readStartedNanos = 0;
        } else if (frames > 0 || c.readStartedNanos == 0) {
            c.readStartedNanos = now; // a new frame started in this read
        }
    }

    private void deliver(Connection c, byte type, byte[] payload) {
        counters.framesReceived.increment();
        awaitingFirstFrame.remove(c);
        listener.delivered(type, payload, c.remote);
    }

    private void reject(Connection c, RejectReason reason, String detail) {
        counters.framesRejected.increment();
        LOG.debug("rejecting {}: {}", c, detail);
        listener.rejected(reason, detail, c.remote);
        close(c, detail);
    }

    // ---- lifecycle of connections --------------------------------------------------------------

    private void sweepTimeouts() {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (!(key.attachment() instanceof Connection c) || c.closed) {
                continue;
            }
            if (!c.connected) {
                if (now - c.createdNanos > connectTimeoutNanos) {
                    counters.timeouts.increment();
                    connectFailed(c.remote);
                    close(c, "connect did not complete within " + config.connectTimeout().toMillis() + " ms");
                }
            } else if (!c.outbound && c.readStartedNanos == 0 && awaitingFirstFrame.contains(c)
                    && now - c.createdNanos > ioTimeoutNanos) {
                counters.timeouts.increment();
                reject(c, RejectReason.NO_FIRST_FRAME, "no frame within " + config.ioTimeout().toMillis()
                        + " ms of connecting");
            } else if (c.readStartedNanos != 0 && now - c.readStartedNanos > ioTimeoutNanos) {
                counters.timeouts.increment();
                reject(c, RejectReason.FRAME_TIMEOUT, "frame not completed within " + config.ioTimeout().toMillis()
                        + " ms");
            } else if (c.writeStartedNanos != 0 && now - c.writeStartedNanos > ioTimeoutNanos) {
                counters.timeouts.increment();
                close(c, "writing a frame did not complete within " + config.ioTimeout().toMillis() + " ms");
            } else if (c.idle() && now - c.lastActivityNanos > idleTimeoutNanos) {
                counters.closedIdle.increment();
                close(c, "idle for " + config.idleTimeout().toMillis() + " ms");
            }
        }
    }

    private void opened() {
        open++;
        counters.openConnections = open;
    }

    /** Closes a connection and fails whatever it still had to send. */
    private void close(Connection c, String reason) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
        open--;
        counters.openConnections = open;
        if (c.outbound) {
            outbound.remove(c.remote, c);
        } else {
            inboundOpen--;
            awaitingFirstFrame.remove(c);
        }
        LOG.debug("{} closed: {}", c, reason);
        String failure = "connection to " + format(c.remote) + " closed: " + reason;
        SendDropReason why = stopping ? SendDropReason.CLOSED
                : c.connected ? SendDropReason.CONNECTION_LOST
                : c.refused ? SendDropReason.CONNECTION_REFUSED : SendDropReason.CONNECT_FAILED;
        if (c.writing != null) {
            fail(c.writing, why, failure);
            c.writing = null;
        }
        QueuedFrame frame;
        while ((frame = c.queue.poll()) != null) {
            fail(frame, why, failure);
        }
    }

    private void shutdown() {
        stopping = true;
        closeQuietly(server);
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.attachment() instanceof Connection c) {
                close(c, CLOSED);
            }
        }
        awaitingResolution.values().forEach(frames -> frames.forEach(frame -> fail(frame, SendDropReason.CLOSED, CLOSED)));
        awaitingResolution.clear();
        resolutions.clear();
        failUnsent();
        closeQuietly(selector); // deregisters the channels, which lets the OS release their ports
    }

    /**
     * What a failed connect says. Within our connect timeout a {@link ConnectException} is the
     * operating system's ECONNREFUSED: the peer's host answered that nothing listens on the port.
     * The same exception also stands for the kernel's own ETIMEDOUT, which comes only after minutes
     * of SYN retries, so its message is checked too; unreachable hosts and networks raise other
     * exceptions.
     */
    private static SendDropReason connectFailure(IOException e) {
        boolean refused = e instanceof ConnectException && !String.valueOf(e.getMessage()).contains("timed out");
        return refused ? SendDropReason.CONNECTION_REFUSED : SendDropReason.CONNECT_FAILED;
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static String format(InetSocketAddress address) {
        return address.isUnresolved() ? address.getHostString() + ":" + address.getPort()
                : NodeAddress.of(address).toString();
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", closeable, e.toString());
        }
    }
}

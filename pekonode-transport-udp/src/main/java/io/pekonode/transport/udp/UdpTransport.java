package io.pekonode.transport.udp;

import io.pekonode.api.NodeAddress;
import io.pekonode.api.spi.transport.SendDropReason;
import io.pekonode.api.spi.transport.Transport;
import io.pekonode.api.spi.transport.TransportConfig;
import io.pekonode.api.spi.transport.TransportListener;
import io.pekonode.transport.stream.FramedStreamEndpoint;
import io.pekonode.transport.stream.HostResolver;
import io.pekonode.transport.stream.StreamCounters;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@code udp} transport: packets as UDP datagrams, reliable messages as frames over TCP on the
 * same port number (see the {@linkplain io.pekonode.transport.udp package documentation} for why).
 *
 * <h2>Threads</h2>
 * A daemon thread {@code pekonode-udp-<port>} receives datagrams; the TCP side has its own I/O thread
 * ({@code pekonode-tcp-<port>}, see {@link FramedStreamEndpoint}). {@link #sendPacket} sends from the
 * caller's thread without blocking: the socket is non-blocking, and a datagram the OS cannot take at
 * once is dropped and counted. Host names are resolved with a cache of
 * {@link FramedStreamEndpoint#DNS_CACHE_TTL}; a name not yet cached is looked up on a helper thread and
 * the packet sent from there (or dropped and counted when the name does not resolve). Every dropped
 * packet is also reported to {@link TransportListener#onSendDropped}, from the thread that dropped it.
 * Datagrams and reliable frames arrive on different threads, so the listener's {@code onPacket} and
 * {@code onReliable} may run at the same time.
 *
 * <p>Do not interrupt a thread while it calls {@link #sendPacket}: NIO channels close themselves when
 * a thread blocked in them is interrupted. An already interrupted caller's packet is dropped instead.
 *
 * <h2>Lifecycle</h2>
 * {@link #start} binds UDP first; with port 0 the OS picks a port and TCP is then bound to the same
 * number, retrying with a fresh port a few times if that TCP port is taken. {@link #start} may be
 * called once; a second call or a call after {@link #close} throws {@link IllegalStateException}.
 * {@link #close} is idempotent and releases both ports before it returns.
 */
public final class UdpTransport implements Transport {

    private static final Logger LOG = LogManager.getLogger(UdpTransport.class);
    /** Attempts at finding a port free for both protocols when binding port 0. */
    static final int BIND_ATTEMPTS = 5;
    private static final int RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final TransportConfig config;
    private final LiveDatagramCounters counters = new LiveDatagramCounters();
    private boolean started;
    private volatile boolean closed;
    /** Opened once the first close() has released everything; later close() calls wait for it. */
    private final CountDownLatch released = new CountDownLatch(1);
    /** The thread running the first close(), so a call back into close() from it does not wait for itself. */
    private volatile Thread closer;
    private volatile Running running;

    /** Everything a started transport owns. */
    private record Running(DatagramChannel channel, Selector selector, DatagramReceiver receiver, Thread thread,
                           FramedStreamEndpoint reliable, HostResolver resolver, NodeAddress localAddress,
                           TransportListener listener) {
    }

    public UdpTransport(TransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public synchronized void start(TransportListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("udp transport is closed and cannot be restarted");
        }
        if (started) {
            throw new IllegalStateException("udp transport already started on " + localAddress());
        }
        InetAddress bindIp = InetAddress.getByName(config.bind().host());
        int requestedPort = config.bind().port();
        int attempts = requestedPort == 0 ? BIND_ATTEMPTS : 1;
        BindException lastConflict = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            DatagramChannel channel = bindUdp(bindIp, requestedPort);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            try {
                FramedStreamEndpoint reliable = FramedStreamEndpoint.open(config, new InetSocketAddress(bindIp, port), listener);
                running = startReceiving(channel, reliable, listener);
                started = true;
                LOG.debug("udp transport listening on {} (UDP and TCP)", running.localAddress());
                return;
            } catch (BindException e) {
                channel.close();
                lastConflict = e;
                LOG.debug("TCP port {} is taken although UDP port {} was free (attempt {} of {})", port, port, attempt,
                        attempts);
                if (requestedPort != 0) {
                    break;
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        String where = requestedPort == 0 ? "any port after " + attempts + " attempts" : "port " + requestedPort;
        BindException failure = new BindException("udp transport needs the same port for UDP and TCP on " + bindIp
                .getHostAddress() + " but TCP could not bind " + where + ": " + lastConflict.getMessage());
        failure.initCause(lastConflict);
        throw failure;
    }

    private static DatagramChannel bindUdp(InetAddress bindIp, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            trySetReceiveBuffer(channel);
            channel.bind(new InetSocketAddress(bindIp, port));
            channel.configureBlocking(false);
            return channel;
        } catch (BindException e) {
            channel.close();
            BindException failure = new BindException("UDP port " + port + " on " + bindIp.getHostAddress()
                    + " is not available: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A larger receive buffer absorbs gossip bursts; the OS may grant less, which only costs drops. */
    private static void trySetReceiveBuffer(DatagramChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("could not enlarge the UDP receive buffer: {}", e.toString());
        }
    }

    private Running startReceiving(DatagramChannel channel, FramedStreamEndpoint reliable, TransportListener listener)
            throws IOException {
        Selector selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_READ);
            NodeAddress local = NodeAddress.of((InetSocketAddress) channel.getLocalAddress());
            DatagramReceiver receiver = new DatagramReceiver(channel, selector, config.maxPacketSize(), listener, counters);
            Thread thread = new Thread(receiver, "pekonode-udp-" + local.port());
            thread.setDaemon(true);
            HostResolver resolver = new HostResolver(FramedStreamEndpoint.DNS_CACHE_TTL,
                    "pekonode-udp-" + local.port() + "-dns");
            thread.start();
            return new Running(channel, selector, receiver, thread, reliable, resolver, local, listener);
        } catch (IOException | RuntimeException e) {
            selector.close();
            reliable.close();
            throw e;
        }
    }

    /** The shared UDP and TCP port. */
    @Override
    public NodeAddress localAddress() {
        return current().localAddress();
    }

    @Override
    public int maxPacketSize() {
        return config.maxPacketSize();
    }

    @Override
    public void sendPacket(NodeAddress to, byte[] packet) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(packet, "packet");
        Running r = current();
        if (packet.length > config.maxPacketSize()) {
            counters.droppedOversized.increment();
            dropped(r, SendDropReason.OVERSIZED, to, "a " + packet.length + "-byte packet is over the "
                    + config.maxPacketSize() + "-byte limit");
            return;
        }
        InetSocketAddress address = r.resolver().cached(to);
        if (address != null) {
            send(r, to, address, packet);
            return;
        }
        r.resolver().resolve(to).whenComplete((resolved, failure) -> {
            if (failure != null) {
                counters.droppedUnresolved.increment();
                dropped(r, SendDropReason.UNRESOLVED_HOST, to, failure.getMessage());
            } else {
                send(r, to, resolved, packet);
            }
        });
    }

    private void send(Running r, NodeAddress to, InetSocketAddress address, byte[] packet) {
        if (closed) {
            counters.droppedSendError.increment();
            dropped(r, SendDropReason.CLOSED, to, "transport closed");
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            counters.droppedSendError.increment(); // sending would close the channel for everyone
            dropped(r, SendDropReason.SEND_ERROR, to, "the sending thread is interrupted");
            return;
        }
        try {
            if (r.channel().send(ByteBuffer.wrap(packet), address) == 0) {
                counters.droppedBufferFull.increment();
                dropped(r, SendDropReason.SEND_BUFFER_FULL, to, "the socket send buffer is full");
            } else {
                counters.packetsSent.increment();
            }
        } catch (IOException | RuntimeException e) {
            counters.droppedSendError.increment();
            dropped(r, closed ? SendDropReason.CLOSED : SendDropReason.SEND_ERROR, to, e.toString());
        }
    }

    /** Tells the listener of a dropped packet; a listener that throws is counted, never felt by the sender. */
    private void dropped(Running r, SendDropReason reason, NodeAddress to, String detail) {
        LOG.debug("dropping a packet to {}: {}", to, detail);
        try {
            r.listener().onSendDropped(reason, to, detail);
        } catch (RuntimeException e) {
            counters.listenerErrors.increment();
            LOG.warn("transport listener threw in onSendDropped", e);
        }
    }

    /** Sent over TCP to the same port number as the destination's UDP socket; see {@link FramedStreamEndpoint#sendReliable}. */
    @Override
    public CompletableFuture<Void> sendReliable(NodeAddress to, byte[] message) {
        return current().reliable().sendReliable(to, message);
    }

    /** Counters of the UDP side; all zero before start. */
    public DatagramCounters packetCounters() {
        return counters.snapshot();
    }

    /** Counters of the TCP reliable path. */
    public StreamCounters reliableCounters() {
        return current().reliable().counters();
    }

    private Running current() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("udp transport not started");
        }
        return r;
    }

    /**
     * Releases both ports and the receive thread. A call made while another thread is closing returns
     * only once that close has released everything (except on the receive thread, which the first
     * close is waiting for).
     */
    @Override
    public void close() {
        Running r;
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
            r = running;
            if (first) {
                closer = Thread.currentThread();
            }
        }
        if (!first) {
            awaitRelease(r);
            return;
        }
        try {
            if (r == null) {
                return;
            }
            r.receiver().stop();
            if (Thread.currentThread() != r.thread()) {
                try {
                    r.thread().join(JOIN_TIMEOUT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeQuietly(r.selector());
            closeQuietly(r.channel());
            r.reliable().close();
            r.resolver().close();
        } finally {
            released.countDown();
        }
    }

    /** Waits for the first close() to finish; never on the receive thread or the closing thread itself. */
    private void awaitRelease(Running r) {
        Thread current = Thread.currentThread();
        if (current == closer || (r != null && current == r.thread())) {
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", closeable, e.toString());
        }
    }
}

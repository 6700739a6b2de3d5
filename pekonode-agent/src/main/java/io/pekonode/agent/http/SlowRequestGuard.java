package io.pekonode.agent.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Closes connections that keep a request half-sent: bytes arrived since the last request ended, yet
 * no request has reached the API for {@code deadline}. The idle timeout alone cannot catch a client
 * that trickles one header line a second; this can, while connections that wait quietly between
 * requests (keep-alive) and requests the API is working on are left alone.
 *
 * <p>Reading a request costs the server no thread (the selector waits for the bytes), so such
 * clients never delay others meanwhile; this bounds how long they hold a connection slot. One
 * sweeper thread, started with the first connection, checks every connection once a period.
 */
final class SlowRequestGuard implements Connection.Listener, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SlowRequestGuard.class);

    private static final class Progress {
        volatile int handling;
        volatile long bytesWhenIdle;
        long stalledSinceNanos = -1;
    }

    private final long deadlineNanos;
    private final long periodMillis;
    private final int maxConnections;
    private final AtomicLong closedIdle = new AtomicLong();
    private final Map<Connection, Progress> open = new ConcurrentHashMap<>();
    private final AtomicLong closedSlow = new AtomicLong();
    private ScheduledExecutorService sweeper;
    private boolean closed;

    /**
     * @param maxConnections past this many open connections, the longest-idle ones are closed to make
     *                       room (the server's hard accept limit sits a little above)
     */
    SlowRequestGuard(java.time.Duration deadline, int maxConnections) {
        this.maxConnections = maxConnections;
        this.deadlineNanos = deadline.toNanos();
        this.periodMillis = Math.max(50, Math.min(1_000, deadline.toMillis() / 4));
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection) {
            return; // its bytes are the encrypted ones; the HTTP connection on top is the one watched
        }
        open.put(connection, new Progress());
        startSweeping();
        if (open.size() > maxConnections) {
            makeRoom(connection);
        }
    }

    /** Closes the oldest connection that is neither in a request nor receiving one. */
    private void makeRoom(Connection newest) {
        Connection oldest = null;
        for (Map.Entry<Connection, Progress> e : open.entrySet()) {
            Connection c = e.getKey();
            Progress p = e.getValue();
            boolean idle = c != newest && p.handling == 0 && c.getBytesIn() <= p.bytesWhenIdle;
            if (idle && (oldest == null || c.getCreatedTimeStamp() < oldest.getCreatedTimeStamp())) {
                oldest = c;
            }
        }
        if (oldest != null) {
            closedIdle.incrementAndGet();
            oldest.close();
        }
    }

    long closedIdle() {
        return closedIdle.get();
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** A request of {@code connection} reached the API. */
    void requestStarted(Connection connection) {
        Progress p = open.get(connection);
        if (p != null) {
            synchronized (p) {
                p.handling++;
                p.stalledSinceNanos = -1;
            }
        }
    }

    /** The API answered a request of {@code connection}. */
    void requestEnded(Connection connection) {
        Progress p = open.get(connection);
        if (p != null) {
            synchronized (p) {
                p.handling--;
                p.bytesWhenIdle = connection.getBytesIn();
            }
        }
    }

    long closedSlow() {
        return closedSlow.get();
    }

    int openConnections() {
        return open.size();
    }

    private synchronized void startSweeping() {
        if (sweeper != null || closed) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pekonode-http-guard");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Progress> e : open.entrySet()) {
            Connection c = e.getKey();
            Progress p = e.getValue();
            boolean stalled;
            synchronized (p) {
                if (p.handling > 0 || c.getBytesIn() <= p.bytesWhenIdle) {
                    p.stalledSinceNanos = -1;
                    continue;
                }
                if (p.stalledSinceNanos < 0) {
                    p.stalledSinceNanos = now;
                }
                stalled = now - p.stalledSinceNanos >= deadlineNanos;
            }
            if (stalled) {
                closedSlow.incrementAndGet();
                LOG.debug("closing {}: its request was not complete within the deadline", c.getEndPoint().getRemoteSocketAddress());
                c.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}

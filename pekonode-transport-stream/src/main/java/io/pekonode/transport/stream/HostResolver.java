package io.pekonode.transport.stream;

import io.pekonode.api.NodeAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Resolves {@link NodeAddress} host names without blocking the caller, caching answers briefly so a
 * DNS change is followed within {@code ttl}.
 *
 * <p>IP literals are parsed in the caller's thread (no lookup). Host names are looked up on one
 * short-lived daemon thread, started on demand and ended after a few idle seconds, so a transport
 * that only sees IP addresses never has it. Concurrent lookups of one name share one query.
 * Failures are not cached here (the JDK caches them briefly itself).
 */
public final class HostResolver implements AutoCloseable {

    private static final int MAX_PENDING_LOOKUPS = 1024;
    /**
     * How long close() waits for a lookup under way: a DNS query is not interruptible, and the
     * system resolver gives up on its own after a few seconds (5 s per attempt by default).
     */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private record Entry(InetAddress address, long expiresAtNanos) {
    }

    /** The DNS query itself; a seam so tests can change what a name resolves to. */
    @FunctionalInterface
    interface Lookup {
        InetAddress lookUp(String host) throws UnknownHostException;
    }

    private final long ttlNanos;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<InetAddress>> inFlight = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor lookups;
    private final Lookup dns;
    /** The current lookup thread (the pool runs at most one), so close() called on it does not wait for itself. */
    private volatile Thread lookupThread;

    /**
     * @param ttl        how long an answer is reused; keep it to a few seconds
     * @param threadName name of the lookup thread
     */
    public HostResolver(Duration ttl, String threadName) {
        this(ttl, threadName, InetAddress::getByName);
    }

    HostResolver(Duration ttl, String threadName, Lookup dns) {
        this.dns = dns;
        this.ttlNanos = ttl.toNanos();
        this.lookups = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_PENDING_LOOKUPS),
                task -> {
                    Thread t = new Thread(task, threadName);
                    t.setDaemon(true);
                    lookupThread = t;
                    return t;
                });
        this.lookups.allowCoreThreadTimeOut(true);
    }

    /** The address now if it needs no lookup (IP literal or fresh cache entry), else null. */
    public InetSocketAddress cached(NodeAddress address) {
        String host = address.host();
        if (isIpLiteral(host)) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), address.port());
            } catch (UnknownHostException e) {
                return null; // malformed literal: resolve() reports it
            }
        }
        Entry entry = cache.get(host);
        if (entry != null && System.nanoTime() - entry.expiresAtNanos < 0) {
            return new InetSocketAddress(entry.address, address.port());
        }
        return null;
    }

    /**
     * Resolves {@code address}: completed at once when {@link #cached} knows it, otherwise on the
     * lookup thread. Fails with {@link UnknownHostException} naming the host.
     */
    public CompletableFuture<InetSocketAddress> resolve(NodeAddress address) {
        InetSocketAddress known = cached(address);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        String host = address.host();
        CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
        CompletableFuture<InetAddress> running = inFlight.putIfAbsent(host, lookup);
        if (running == null) {
            running = lookup;
            try {
                lookups.execute(() -> lookUp(host, lookup));
            } catch (RejectedExecutionException e) {
                inFlight.remove(host, lookup);
                lookup.completeExceptionally(new UnknownHostException("cannot resolve host '" + host
                        + "': resolver closed or too many lookups pending"));
            }
        }
        return running.thenApply(ip -> new InetSocketAddress(ip, address.port()));
    }

    private void lookUp(String host, CompletableFuture<InetAddress> lookup) {
        try {
            InetAddress ip = dns.lookUp(host);
            cache.put(host, new Entry(ip, System.nanoTime() + ttlNanos));
            inFlight.remove(host, lookup);
            lookup.complete(ip);
        } catch (UnknownHostException | RuntimeException e) {
            inFlight.remove(host, lookup);
            lookup.completeExceptionally(new UnknownHostException("cannot resolve host '" + host + "': " + e.getMessage()));
        }
    }

    /** IPv6 literals contain a colon; IPv4 literals are four decimal octets. Neither needs DNS. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the lookup thread and waits for it to end (up to {@link #CLOSE_WAIT} for a query under way);
     * pending lookups fail. Called on the lookup thread itself (from a stage of a lookup's future), it
     * does not wait.
     */
    @Override
    public void close() {
        lookups.shutdownNow();
        inFlight.forEach((host, lookup) -> lookup.completeExceptionally(
                new UnknownHostException("cannot resolve host '" + host + "': resolver closed")));
        inFlight.clear();
        if (Thread.currentThread() == lookupThread) {
            return;
        }
        try {
            lookups.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
